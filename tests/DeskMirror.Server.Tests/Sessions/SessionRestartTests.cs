using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionRestartTests
{
    [Fact]
    public async Task Restart_EndedAndRunningSessions_ListedEndedWithOutputAndNoProcessLeft()
    {
        await using var harness = await SessionHarness.StartAsync();
        var ended = (await harness.CreateAsync("printf 'first\\n'; exit 2"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(ended);
        var running = (await harness.CreateAsync("sleep 1000 & echo \"bg:$!\"; sleep 1000"))["id"]!.GetValue<string>();
        var text = await harness.WaitForOutputAsync(running, "\r\n");
        var background = int.Parse(text.Split("bg:")[1].Split('\r')[0], CultureInfo.InvariantCulture);
        var shell = harness.Manager.FindSession(running)!.Process!.ProcessId;

        await harness.Server.RestartAsync();

        // The server's stop ended the running session's whole process group before it returned.
        Assert.Null(ProcessTable.State(shell));
        await Poll.UntilAsync(() => !ProcessTable.IsAlive(background), $"background sleep {background} to end");

        using var list = await harness.Server.Mirror.GetAsync("/session").DefaultTimeout("GET /session after restart");
        var sessions = JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal([ended, running], sessions.Select(s => s["id"]!.GetValue<string>()));

        var first = sessions[0];
        Assert.Equal("exited", first["status"]!.GetValue<string>());
        Assert.Equal(2, first["exitCode"]!.GetValue<int>());
        Assert.Equal("first\r\n", await harness.OutputAsync(ended, mode: RequestMode.Mirror));

        var second = sessions[1];
        Assert.Equal("stopped", second["status"]!.GetValue<string>());
        Assert.Equal("The server stopped.", second["reason"]!.GetValue<string>());
        Assert.StartsWith("bg:", await harness.OutputAsync(running), StringComparison.Ordinal);

        // A replay of a restored session over the WebSocket ends with a normal close.
        using var viewer = await harness.ConnectAsync(ended, RequestMode.Mirror, from: 0);
        Assert.Equal("first\r\n"u8.ToArray(), await WebSocketReader.ReadToCloseAsync(viewer));

        // And the restarted server still runs new sessions.
        var fresh = (await harness.CreateAsync("echo again"))["id"]!.GetValue<string>();
        Assert.Equal("exited", (await harness.WaitEndedAsync(fresh))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_AfterCrashWhileRunning_SessionMarkedFailedWithReason()
    {
        var directory = TestAppServer.CreateTempDirectory();
        try
        {
            string id;
            await using (var harness = await SessionHarness.StartAsync(dataDirectory: directory))
            {
                id = (await harness.CreateAsync("echo before-crash"))["id"]!.GetValue<string>();
                await harness.WaitEndedAsync(id);
            }

            // A crash leaves the row as it was while the process ran.
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "deskmirror.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE sessions SET status = 'running', exit_code = NULL, ended_at = NULL WHERE id = $id;";
                command.Parameters.AddWithValue("$id", id);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            await using var server = await TestAppServer.StartAsync(SessionHarness.Options(dataDirectory: directory));
            using var response = await server.Desktop.GetAsync($"/session/{id}").DefaultTimeout("GET session after crash");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var session = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal("failed", session["status"]!.GetValue<string>());
            Assert.Contains("stopped unexpectedly", session["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(session["endedAt"]);

            using var output = await server.Desktop.GetAsync($"/session/{id}/output").DefaultTimeout("GET output after crash");
            Assert.Equal("before-crash\r\n", await output.Content.ReadAsStringAsync());
            Assert.Equal("14", output.Headers.GetValues("X-Output-Length").Single());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
