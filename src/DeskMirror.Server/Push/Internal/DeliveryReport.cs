namespace DeskMirror.Server.Push.Internal;

/// <summary>What happened to one queued message, raised after it was handled (tests wait on it).</summary>
internal sealed record DeliveryReport(PushMessage Message, int Delivered, int Removed, int Failed);
