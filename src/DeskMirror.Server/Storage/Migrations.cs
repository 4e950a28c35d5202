namespace DeskMirror.Server.Storage;

/// <summary>
/// The ordered schema history of <c>deskmirror.db</c>. Append new steps at the end with the next version;
/// never edit a step that has shipped, since databases in the field have already run it.
/// </summary>
internal static class Migrations
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "projects, sidebar, sign-ins, sessions", """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                path TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );
            CREATE TABLE sidebar (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                state_json TEXT NOT NULL,
                version INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE sign_ins (
                id TEXT PRIMARY KEY,
                mode TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            );
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                command TEXT NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL,
                exit_code INTEGER NULL,
                reason TEXT NULL,
                mirror_input INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                ended_at TEXT NULL
            );
            """),
        new(2, "Web Push subscriptions", """
            CREATE TABLE push_subscriptions (
                id TEXT PRIMARY KEY,
                endpoint TEXT NOT NULL UNIQUE,
                p256dh TEXT NOT NULL,
                auth TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('desktop', 'mirror')),
                origin TEXT NOT NULL,
                server_key TEXT NOT NULL,
                expires_at TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """),
        new(3, "session terminal size", """
            ALTER TABLE sessions ADD COLUMN cols INTEGER NOT NULL DEFAULT 80;
            ALTER TABLE sessions ADD COLUMN rows INTEGER NOT NULL DEFAULT 24;
            """),
        new(4, "devices: what each sign-in is and where it was last seen", """
            ALTER TABLE sign_ins ADD COLUMN device_id TEXT NULL;
            ALTER TABLE sign_ins ADD COLUMN via TEXT NULL CHECK (via IN ('password', 'pairing', 'launch'));
            ALTER TABLE sign_ins ADD COLUMN address TEXT NULL;
            ALTER TABLE sign_ins ADD COLUMN user_agent TEXT NULL;
            ALTER TABLE sign_ins ADD COLUMN last_seen_at TEXT NULL;
            UPDATE sign_ins SET device_id = lower(hex(randomblob(8))) WHERE device_id IS NULL;
            CREATE UNIQUE INDEX sign_ins_device_id ON sign_ins (device_id);
            """),
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => All[^1].Version;
}
