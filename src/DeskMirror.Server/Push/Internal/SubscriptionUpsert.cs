namespace DeskMirror.Server.Push.Internal;

/// <summary>What <see cref="PushSubscriptionStore.UpsertAsync"/> did.</summary>
internal enum SubscriptionUpsertOutcome
{
    /// <summary>A new subscription was stored.</summary>
    Created,

    /// <summary>The endpoint was known: its keys, listener and expiry were replaced, the id kept.</summary>
    Updated,

    /// <summary>Nothing stored: <see cref="PushOptions.MaxSubscriptions"/> are stored already.</summary>
    Full,
}

/// <summary>The outcome and, unless full, the subscription's id.</summary>
internal sealed record SubscriptionUpsert(SubscriptionUpsertOutcome Outcome, string? Id);
