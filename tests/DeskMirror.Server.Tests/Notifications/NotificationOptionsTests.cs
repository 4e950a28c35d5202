using DeskMirror.Server.Events;
using DeskMirror.Server.Notifications;

namespace DeskMirror.Server.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void Defaults_NotifyEveryReasonButIdle_WithAThirtySecondWindow()
    {
        var options = new NotificationOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(
            [SessionAttentionReason.Notification, SessionAttentionReason.Bell, SessionAttentionReason.Input, SessionAttentionReason.Exited],
            Enum.GetValues<SessionAttentionReason>().Where(options.Notifies));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RepeatWindow);
    }

    [Fact]
    public void Validate_BadValues_NamesEveryOne()
    {
        var options = new NotificationOptions { Reasons = [(SessionAttentionReason)42], RepeatWindow = TimeSpan.FromHours(2) };

        Assert.Equal(
            ["Notifications.Reasons holds 42, which is not an attention reason.", "Notifications.RepeatWindow must be between 0 and 1 hour, not 02:00:00."],
            options.Validate());
    }

    [Fact]
    public void Body_WithoutAMessage_IsASymbolNotAnEnglishWord()
    {
        Assert.Equal("Proceed? [y/N]", AttentionMessage.Body(SessionAttentionReason.Input, "Proceed? [y/N]"));
        Assert.All(Enum.GetValues<SessionAttentionReason>(), reason =>
            Assert.DoesNotContain(AttentionMessage.Body(reason, null), c => char.IsAsciiLetter(c)));
        Assert.Equal("exited", AttentionMessage.Name(SessionAttentionReason.Exited));
    }
}
