using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Notifications.Internal;

/// <summary>Every problem of <see cref="NotificationOptions"/> at once, when the server starts.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
