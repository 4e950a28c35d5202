using DeskMirror.Web.Components.Session;

namespace DeskMirror.Web.Tests;

/// <summary>The key row's sticky Ctrl and Alt: what the next key sends, and that they let go after it.</summary>
public sealed class StickyModifiersTests
{
    [Theory]
    [InlineData("c", true, false, "\u0003")]
    [InlineData("C", true, false, "\u0003")]
    [InlineData("d", true, false, "\u0004")]
    [InlineData("[", true, false, "\u001b")]
    [InlineData(" ", true, false, "\0")]
    [InlineData("/", true, false, "\u001f")]
    [InlineData("x", false, true, "\u001bx")]
    [InlineData("c", true, true, "\u001b\u0003")]
    [InlineData("\u001b[A", true, false, "\u001b[1;5A")]
    [InlineData("\u001b[D", false, true, "\u001b[1;3D")]
    [InlineData("\u001b[5~", true, false, "\u001b[5;5~")]
    [InlineData("\r", false, true, "\u001b\r")]
    public void Encode_KeyWithModifiers_IsWhatXtermSends(string key, bool ctrl, bool alt, string expected)
        => Assert.Equal(expected, StickyModifiers.Encode(key, ctrl, alt));

    [Fact]
    public void ApplyToTyped_CtrlArmed_AppliesToTheFirstCharacterOnly_AndLetsGo()
    {
        var modifiers = new StickyModifiers();
        var changes = 0;
        modifiers.Changed += () => changes++;
        modifiers.ToggleCtrl();

        Assert.Equal("\u0003at", modifiers.ApplyToTyped("cat"));
        Assert.False(modifiers.Armed);
        Assert.Equal("cat", modifiers.ApplyToTyped("cat"));
        Assert.Equal(2, changes);
    }

    [Fact]
    public void ApplyToKey_NothingArmed_SendsTheKeyAsItIs()
        => Assert.Equal("\u001b[A", new StickyModifiers().ApplyToKey("\u001b[A"));

    [Fact]
    public void ToggleAlt_Twice_Releases()
    {
        var modifiers = new StickyModifiers();
        modifiers.ToggleAlt();
        Assert.True(modifiers.Alt);
        modifiers.ToggleAlt();
        Assert.False(modifiers.Armed);
    }
}
