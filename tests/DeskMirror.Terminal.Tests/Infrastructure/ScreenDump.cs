using System.Text.Json.Serialization;

namespace DeskMirror.Terminal.Tests.Infrastructure;

/// <summary>
/// A terminal's visible state in one shape for xterm.js (read in the page by Browser/harness.js) and for the
/// emulator (<see cref="EmulatorDump"/>), so the two compare field by field.
/// </summary>
internal sealed record ScreenDump(
    int CursorX,
    int CursorY,
    bool Alternate,
    string Title,
    int Bells,
    IReadOnlyList<LineDump> Lines,
    IReadOnlyList<LineDump>? Normal,
    ModesDump Modes,
    StateDump State);

internal sealed record LineDump(string Text, bool Wrapped, string Cells);

internal sealed record ModesDump(
    bool ApplicationCursorKeys,
    bool ApplicationKeypad,
    bool BracketedPaste,
    string Mouse,
    string MouseEncoding,
    bool FocusEvents,
    bool CursorVisible,
    bool Insert,
    bool Wraparound,
    bool Origin,
    bool ReverseWraparound,
    bool NewLine);

internal sealed record StateDump(BufferStateDump Active, BufferStateDump? Normal);

internal sealed record BufferStateDump(int ScrollTop, int ScrollBottom, int SavedX, int SavedRow, int SavedFg, int SavedBg, string Tabs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScreenDump))]
internal sealed partial class DumpJsonContext : JsonSerializerContext;
