using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using DeskMirror.Pty;
using DeskMirror.Server.Events;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Storage;
using DeskMirror.Server.Storage.Internal;
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
    private readonly ILogger _viewerLogger;

    public SessionManager(
        IDatabase database, IProjectStore projects, IEventBus events, IOptions<SessionOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        Options = options.Value;
        if (Options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(nameof(SessionOptions), typeof(SessionOptions), errors);
        }

        _store = new SessionStore(database);
        _projects = projects;
        _events = events;
        _time = time;
        _logger = loggers.CreateLogger<SessionManager>();
        _ptyLogger = loggers.CreateLogger<PtyProcess>();
        _viewerLogger = loggers.CreateLogger<SessionViewer>();
        LogDirectory = Options.LogDirectory ?? Path.Combine(Path.GetDirectoryName(database.FilePath)!, "sessions");
    }

    public SessionOptions Options { get; }

    public string LogDirectory { get; }

    public IReadOnlyList<SessionInfo> List()
        => [.. _sessions.Values.Select(s => s.Info).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public SessionInfo? Find(string id) => _sessions.TryGetValue(id, out var session) ? session.Info : null;

    internal Session? FindSession(string id) => _sessions.GetValueOrDefault(id);

    public async Task<SessionResult<SessionInfo>> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return new(new SessionError(
                SessionErrorKind.NotSupported,
                "Sessions need a pseudo-terminal, which DeskMirror supports on Linux and macOS only; Windows is not supported yet."));
        }

        var plan = Validate(request);
        if (!plan.Succeeded)
        {
            return new(plan.Error);
        }

        var (command, title, cols, rows) = plan.Value;
        var project = (await _projects.ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == request.ProjectId);
        if (project is null)
        {
            return new(SessionError.Invalid($"There is no project with id '{request.ProjectId}'."));
        }

        if (!Directory.Exists(project.Path))
        {
            // Refused up front (409), so a vanished folder does not add one more failed session per attempt.
            return new(new SessionError(
                SessionErrorKind.ProjectFolderMissing,
                $"The project's folder \"{project.Path}\" does not exist any more; restore it, or remove the project."));
        }

        if (_sessions.Values.Count(s => s.IsRunning) >= Options.MaxRunningSessions)
        {
            return new(new SessionError(SessionErrorKind.TooManyRunning, $"{Options.MaxRunningSessions} sessions are running already; stop one first."));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var info = new SessionInfo(
            id, project.Id, request.Kind, command, title, SessionStatus.Running, null,
            request.Kind == SessionKind.Task && request.MirrorInput, _time.GetUtcNow())
        {
            Cols = cols,
            Rows = rows,
        };

        Directory.CreateDirectory(LogDirectory);
        var timeline = SessionTimeline.Create(LogPath(id), _time, Options.RecordingResolution, cols, rows);
        var session = new Session(info, SessionOutput.CreateLive(LogPath(id), Options.RingBytes, Options.ViewerMaxLagBytes, timeline, _time));
        var terminal = Options.FollowScreen ? SessionTerminal.ForLive(session.Output, cols, rows, Options.ScreenScrollbackLines) : null;
        session.Terminal = terminal is null ? null : Task.FromResult(terminal);
        await _store.InsertAsync(info, cancellationToken);
        _sessions[id] = session;
        WatchAttention(session, terminal);
        if (terminal is not null)
        {
            _ = FollowAsync(terminal, id);
        }

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
            _events.Publish(new SessionCreatedEvent(session.Info));
            Raise(session, SessionAttentionReason.Exited, Bound(ex.Message), replaceSameReason: false);
            return new(session.Info);
        }

        Log.Started(_logger, id, session.Process.ProcessId, info.Kind);
        _events.Publish(new SessionCreatedEvent(info));
        _ = MonitorAsync(session);
        return new(info);
    }

    public SessionResult<SessionOutputReader> OpenOutput(string id)
        => _sessions.TryGetValue(id, out var session) ? new(new SessionOutputReader(session.Output)) : new(SessionError.NotFound(id));

    public Task<SessionError?> StreamAsync(string id, WebSocket socket, long from, bool acceptInput, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        return StreamAsync(id, socket, new SessionStreamRequest(from, Raw: true, Credit: false, acceptInput), cancellationToken);
    }

    public async Task<SessionError?> StreamAsync(string id, WebSocket socket, SessionStreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(request);
        if (!_sessions.TryGetValue(id, out var session))
        {
            return SessionError.NotFound(id);
        }

        if (request.From is < 0 || request.From > session.Output.Length)
        {
            return SessionError.Invalid($"from must be a whole number of bytes between 0 and the output's length ({session.Output.Length}).");
        }

        // A person opening the session has seen it.
        ClearAttention(session);
        await new SessionViewer(socket, session, this, request, _viewerLogger).RunAsync(cancellationToken);
        return null;
    }

    internal string LogPath(string id) => Path.Combine(LogDirectory, id + ".log");

    private SessionResult<CreatePlan> Validate(CreateSessionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ProjectId))
        {
            return new(SessionError.Invalid("projectId is required."));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            return new(SessionError.Invalid("kind must be \"task\" or \"terminal\"."));
        }

        string? command = null;
        if (request.Kind == SessionKind.Task)
        {
            command = request.Command?.Trim();
            if (string.IsNullOrEmpty(command))
            {
                return new(SessionError.Invalid("A task session needs a command."));
            }

            if (command.Length > MaxCommandLength || command.Contains('\0', StringComparison.Ordinal))
            {
                return new(SessionError.Invalid($"The command must be at most {MaxCommandLength} characters, without NUL."));
            }
        }

        var cols = request.Cols ?? Options.DefaultCols;
        var rows = request.Rows ?? Options.DefaultRows;
        if (CheckDimensions(cols, rows) is { } invalid)
        {
            return new(invalid);
        }

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            title = command is null ? TerminalTitle : command.Split('\n')[0];
        }

        return new(new CreatePlan(command, title.Length > MaxTitleLength ? title[..MaxTitleLength] : title, cols, rows));
    }

    private static SessionError? CheckDimensions(int cols, int rows)
        => cols is < 1 or > SessionOptions.MaxDimension || rows is < 1 or > SessionOptions.MaxDimension
            ? SessionError.Invalid($"cols and rows must each be between 1 and {SessionOptions.MaxDimension} (got {cols}×{rows}).")
            : null;

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
                Cols = cols,
                Rows = rows,
                Environment = environment,
                FileCreationMask = ProcessUmask.Original,
            };
        }

        return new PtyStartInfo
        {
            FileName = "/bin/sh",
            Arguments = ["-c", info.Command!],
            WorkingDirectory = directory,
            Cols = cols,
            Rows = rows,
            Environment = environment,
            // The server itself runs with 0077; what the session creates in the project gets the user's own mask.
            FileCreationMask = ProcessUmask.Original,
        };
    }

    /// <summary>What a valid create request asks for.</summary>
    private sealed record CreatePlan(string? Command, string Title, int Cols, int Rows);
}
