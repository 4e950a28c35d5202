using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Push.Internal;

/// <summary>Every problem of <see cref="PushOptions"/> at once, when the server starts.</summary>
internal sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
