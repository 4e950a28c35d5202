using System.Text;
using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>Bell, notifications and title changes are raised while parsing, once, however the bytes are cut.</summary>
public sealed class AttentionHookTests
{
    [Fact]
    public void Bell_CutAtEveryByte_RaisedOnceAndNotForTheOscTerminator()
    {
        var data = Encoding.UTF8.GetBytes("ab\u0007cd\u001b]0;title\u0007ef");
        foreach (var (how, parts) in Terminals.Splits(data))
        {
            var events = Record(parts);
            Assert.True(events.SequenceEqual(["bell", "title:title"]), $"{how}: {string.Join(", ", events)}");
        }
    }

    [Fact]
    public void Bell_InsideStringSequences_NotRaised()
    {
        var events = Record(Encoding.UTF8.GetBytes("\u001bPq#0\u0007data\u001b\\\u001b_apc\u0007more\u001b\\\u001b^pm\u0007\u001b\\done"));

        Assert.Empty(events);
    }

    [Fact]
    public void Osc9_CutAtEveryByte_NotificationWithTheProgramsText()
    {
        var data = Encoding.UTF8.GetBytes("x\u001b]9;Build finished: 3 tests failed ✗\u0007y\u001b]9;second\u001b\\z");
        foreach (var (how, parts) in Terminals.Splits(data))
        {
            var events = Record(parts);
            Assert.True(
                events.SequenceEqual(["notify:Osc9::Build finished: 3 tests failed ✗", "notify:Osc9::second"]),
                $"{how}: {string.Join(", ", events)}");
        }
    }

    [Theory]
    [InlineData("\u001b]9;4;1;50\u0007")]
    [InlineData("\u001b]9;4;0;\u001b\\")]
    [InlineData("\u001b]9;4\u0007")]
    [InlineData("\u001b]9;9;/home/me/project\u0007")]
    [InlineData("\u001b]9;\u0007")]
    public void Osc9_ConEmuCommand_NoNotification(string sequence)
    {
        Assert.Empty(Record(Encoding.UTF8.GetBytes(sequence)));
    }

    [Fact]
    public void Osc777_CutAtEveryByte_TitleAndBodyWithSemicolons()
    {
        var data = Encoding.UTF8.GetBytes("\u001b]777;notify;Tests;12 passed; 1 failed\u001b\\\u001b]777;preexec\u0007");
        foreach (var (how, parts) in Terminals.Splits(data))
        {
            var events = Record(parts);
            Assert.True(events.SequenceEqual(["notify:Osc777:Tests:12 passed; 1 failed"]), $"{how}: {string.Join(", ", events)}");
        }
    }

    [Fact]
    public void Osc99_Simple_TitleFromPayload()
    {
        var events = Record(Encoding.UTF8.GetBytes("\u001b]99;;Agent needs input\u001b\\"));

        Assert.Equal(["notify:Osc99:Agent needs input:"], events);
    }

    [Fact]
    public void Osc99_ChunksCutAtEveryByte_AssembledWhenDone()
    {
        var data = Encoding.UTF8.GetBytes(
            "\u001b]99;i=7:d=0:p=title;Build\u001b\\" +
            "\u001b]99;i=8:d=0;Other\u001b\\" +
            "\u001b]99;i=7:d=0:p=body;All tests\u001b\\" +
            "\u001b]99;i=7:p=body; passed\u001b\\");
        foreach (var (how, parts) in Terminals.Splits(data))
        {
            var events = Record(parts);
            Assert.True(events.SequenceEqual(["notify:Osc99:Build:All tests passed"]), $"{how}: {string.Join(", ", events)}");
        }
    }

    [Fact]
    public void Osc99_Base64Payload_Decoded()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("déjà vu"));
        var events = Record(Encoding.UTF8.GetBytes($"\u001b]99;i=1:d=0;Title\u001b\\\u001b]99;i=1:p=body:e=1;{body}\u001b\\"));

        Assert.Equal(["notify:Osc99:Title:déjà vu"], events);
    }

    [Fact]
    public void Osc99_QueryOrIcon_Ignored()
    {
        var events = Record(Encoding.UTF8.GetBytes("\u001b]99;i=1:p=?;\u001b\\\u001b]99;i=2:p=icon;abc\u001b\\"));

        Assert.Empty(events);
    }

    [Fact]
    public void TitleChanged_SameTitleAgain_RaisedOnce()
    {
        var events = Record(Encoding.UTF8.GetBytes("\u001b]2;make\u0007\u001b]0;make\u0007\u001b]2;make test\u001b\\"));

        Assert.Equal(["title:make", "title:make test"], events);
    }

    [Fact]
    public void Notification_PayloadOverCap_DroppedWhole()
    {
        var terminal = new TerminalEmulator(new TerminalOptions { MaxPayloadBytes = 64 });
        var events = new List<string>();
        terminal.Notification += (_, n) => events.Add(n.Text);
        terminal.Feed("\u001b]9;" + new string('x', 100) + "\u0007\u001b]9;short\u0007");

        Assert.Equal(["short"], events);
    }

    private static List<string> Record(params byte[][] parts)
    {
        var terminal = Terminals.New();
        var events = new List<string>();
        terminal.Bell += (_, _) => events.Add("bell");
        terminal.TitleChanged += (_, title) => events.Add("title:" + title);
        terminal.Notification += (_, n) => events.Add($"notify:{n.Source}:{n.Title}:{n.Body}");
        foreach (var part in parts)
        {
            terminal.Feed(part);
        }

        return events;
    }
}
