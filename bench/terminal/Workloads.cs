using System.Globalization;
using System.Text;

namespace DeskMirror.Bench.Terminal;

/// <summary>Deterministic output in the shapes a session produces. Each is at least the size asked for.</summary>
internal static class Workloads
{
    /// <summary>A build log: plain ASCII lines of 60–110 characters.</summary>
    public static byte[] PlainLog(int bytes)
    {
        var random = new Random(1);
        var text = new StringBuilder(bytes + 256);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"[{i:D6}] INFO  Compiling src/Module{random.Next(1000)}/File{random.Next(100)}.cs -> obj/Release/net10.0 ({random.Next(10000)} ms)\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Coloured output as `ls --color`, `git log --color` and test runners write it: SGR every few words, 256 and truecolour.</summary>
    public static byte[] Colourful(int bytes)
    {
        var random = new Random(2);
        var text = new StringBuilder(bytes + 512);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\e[33mcommit {random.NextInt64():x16}\e[m\e[33m (\e[1;36mHEAD -> \e[1;32mmain\e[m\e[33m, \e[1;31morigin/main\e[m\e[33m)\e[m\r\n");
            text.Append(CultureInfo.InvariantCulture, $"\e[01;34mdir{i}\e[0m  \e[01;32mrun.sh\e[0m  \e[38;5;{random.Next(256)}mnotes.md\e[0m  \e[01;36mlink\e[0m  plain-file.txt\r\n");
            text.Append(CultureInfo.InvariantCulture, $" \e[32m✓\e[39m test {i} passes \e[2m({random.Next(100)} ms)\e[22m  \e[38;2;{random.Next(256)};{random.Next(256)};80mtruecolour\e[m \e[1mbold\e[0m \e[4munderlined\e[24m\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// A full-screen program redrawing (htop, an agent's TUI): alternate screen, every frame positioned with CUP,
    /// box drawing and block characters (UTF-8), 256-colour backgrounds, a status line, cursor hidden while drawing.
    /// </summary>
    public static byte[] FullScreenRedraw(int bytes, int columns = 120, int rows = 40)
    {
        var random = new Random(3);
        var text = new StringBuilder(bytes + 8192);
        text.Append("\e[?1049h\e[?1h\e=\e[?25l");
        for (var frame = 0; text.Length < bytes; frame++)
        {
            text.Append("\e[?25l\e[H");
            text.Append(CultureInfo.InvariantCulture, $"\e[1;37;44m Agent session — frame {frame,6} {new string(' ', columns - 30)}\e[0m");
            for (var row = 2; row < rows; row++)
            {
                text.Append(CultureInfo.InvariantCulture, $"\e[{row};1H\e[38;5;{(row * 7) % 256}m│\e[0m {row,3} ");
                var bar = random.Next(columns / 3);
                text.Append(CultureInfo.InvariantCulture, $"\e[48;5;{16 + (row % 200)}m{new string('█', bar)}\e[0m{new string('░', columns / 3 - bar)} ");
                text.Append(CultureInfo.InvariantCulture, $"cpu {random.Next(100),3}% mem {random.Next(1 << 20),8} KiB \e[K");
            }

            text.Append(CultureInfo.InvariantCulture, $"\e[{rows};1H\e[7m q quit  ↑↓ move  ⏎ open \e[0m\e[K\e[{rows / 2};{columns / 2}H\e[?25h");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
