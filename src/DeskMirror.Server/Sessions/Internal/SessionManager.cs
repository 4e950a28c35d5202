using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeskMirror.Pty;
using DeskMirror.Server.Events;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// Owns every session: starts commands under a PTY, keeps their output (ring + log), records metadata in
/// SQLite and publishes <c>session.*</c> events. Earlier sessions are loaded at start as ended sessions; at
/// shutdown every running session's process group is ended.
/// </summary>
internal sealed partial class SessionManager : ISessionManager
{
    private const string TerminalTitle = "Terminal";
    private const int MaxTitleLength = 200;
    private const int MaxCommandLength = 16 * 1024;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly SessionStore _store;
    private readonly IProjectStore _projects;
    private readonly IEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _ptyLogger;

    public SessionManager(
        IDatabase database, IProjectStore projects, IEventBus events, IOptions<SessionOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        Options = options.Value;
        Options.Validate();
        _store = new SessionStore(database);
        _projects = projects;
        _events = events;
        _time = time;
        _logger = loggers.CreateLogger<SessionManager>();
        _ptyLogger = loggers.CreateLogger<PtyProcess>();
        LogDirectory = Options.LogDirectory ?? Path.Combine(Path.GetDirectoryName(database.FilePath)!, "sessions");
    }

    public SessionOptions Options { get; }

    public string LogDirectory { get; }

    public IReadOnlyList<SessionInfo> List()
        => [.. _sessions.Values.Select(s => s.Info).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public SessionInfo? Find(string id) => _sessions.TryGetValue(id, out var session) ? session.Info : null;

    internal Session? FindSession(string id) => _sessions.GetValueOrDefault(id);

    public async Task<SessionInfo> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("Sessions need a pseudo-terminal, which DeskMirror supports on Linux and macOS only; Windows is not supported yet.");
        }

        var (command, title, cols, rows) = Validate(request);
        var project = (await _projects.ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == request.ProjectId)
            ?? throw new ArgumentException($"There is no project with id '{request.ProjectId}'.", nameof(request));
        if (!Directory.Exists(project.Path))
        {
            // Refused up front (409), so a vanished folder does not add one more failed session per attempt.
            throw new InvalidOperationException($"The project's folder \"{project.Path}\" does not exist any more; restore it, or remove the project.");
        }

        if (_sessions.Values.Count(s => s.IsRunning) >= Options.MaxRunningSessions)
        {
            throw new InvalidOperationException($"{Options.MaxRunningSessions} sessions are running already; stop one first.");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var info = new SessionInfo(
            id, project.Id, request.Kind, command, title, SessionStatus.Running, null,
            request.Kind == SessionKind.Task && request.MirrorInput, _time.GetUtcNow());

        Directory.CreateDirectory(LogDirectory);
        var session = new Session(info, SessionOutput.CreateLive(LogPath(id), Options.RingBytes, Options.ViewerMaxLagBytes));
        await _store.InsertAsync(info, cancellationToken);
        _sessions[id] = session;

        try
        {
            session.Process = PtyProcess.Start(StartInfo(info, project.Path, cols, rows), session.Output.Append, _ptyLogger);
        }
        catch (PtyStartException ex)
        {
            // The reason also goes into the output, so a viewer of the session sees why nothing ran.
            Log.StartFailed(_logger, id, ex.Message);
            session.Output.Append(System.Text.Encoding.UTF8.GetBytes($"deskmirror: {ex.Message}\r\n"));
            await FinishAsync(session, info with { Status = SessionStatus.Failed, Reason = ex.Message, EndedAt = _time.GetUtcNow() }, publishUpdate: false);
            Publish("session.created", session.Info);
            return session.Info;
        }

        Log.Started(_logger, id, session.Process.ProcessId, info.Kind);
        Publish("session.created", info);
        _ = MonitorAsync(session);
        return info;
    }

    internal string LogPath(string id) => Path.Combine(LogDirectory, id + ".log");

    private (string? Command, string Title, int Cols, int Rows) Validate(CreateSessionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ProjectId))
        {
            throw new ArgumentException("projectId is required.", nameof(request));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            throw new ArgumentException("kind must be \"task\" or \"terminal\".", nameof(request));
        }

        string? command = null;
        if (request.Kind == SessionKind.Task)
        {
            command = request.Command?.Trim();
            if (string.IsNullOrEmpty(command))
            {
                throw new ArgumentException("A task session needs a command.", nameof(request));
            }

            if (command.Length > MaxCommandLength || command.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The command must be at most {MaxCommandLength} characters, without NUL.", nameof(request));
            }
        }

        var cols = request.Cols ?? Options.DefaultCols;
        var rows = request.Rows ?? Options.DefaultRows;
        CheckDimensions(cols, rows);

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            title = command is null ? TerminalTitle : command.Split('\n')[0];
        }

        return (command, title.Length > MaxTitleLength ? title[..MaxTitleLength] : title, cols, rows);
    }

    internal static void CheckDimensions(int cols, int rows)
    {
        if (cols is < 1 or > SessionOptions.MaxDimension || rows is < 1 or > SessionOptions.MaxDimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(cols), $"cols and rows must each be between 1 and {SessionOptions.MaxDimension} (got {cols}×{rows}).");
        }
    }

    private PtyStartInfo StartInfo(SessionInfo info, string directory, int cols, int rows)
    {
        var environment = new Dictionary<string, string?> { ["DESKMIRROR_SESSION_ID"] = info.Id };
        if (info.Kind == SessionKind.Terminal)
        {
            // A configured shell is used as given (a missing one fails the session visibly); $SHELL falls back to /bin/sh.
            var shell = Options.TerminalShell;
            if (shell is null)
            {
                shell = Environment.GetEnvironmentVariable("SHELL");
                if (string.IsNullOrWhiteSpace(shell) || !File.Exists(shell))
                {
                    shell = "/bin/sh";
                }
            }

            return new PtyStartInfo
            {
                FileName = shell,
                Arguments = ["-l"],
                WorkingDirectory = directory,
                Columns = cols,
                Rows = rows,
                Environment = environment,
            };
        }

        return new PtyStartInfo
        {
            FileName = "/bin/sh",
            Arguments = ["-c", info.Command!],
            WorkingDirectory = directory,
            Columns = cols,
            Rows = rows,
            Environment = environment,
        };
    }

    private void Publish(string type, SessionInfo info)
        => _events.Publish(type, JsonSerializer.SerializeToNode(info, SessionJsonContext.Default.SessionInfo)!.AsObject(), desktopOnly: info.Kind == SessionKind.Terminal);

    private void PublishRemoved(SessionInfo info)
        => _events.Publish("session.removed", new JsonObject { ["id"] = info.Id, ["projectId"] = info.ProjectId }, desktopOnly: info.Kind == SessionKind.Terminal);
}
