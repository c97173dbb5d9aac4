using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>Announcements through the staff API, and the service's own record of their targets, batches and attempts.</summary>
internal static class Announcements
{
    /// <summary>Drafts an announcement for the audience; returns the answer's JSON (it must be created).</summary>
    public static async Task<JsonObject> DraftAnnouncementAsync(this HttpClient staff, string audience, string[]? values = null, string title = "闭馆通知")
    {
        var answer = await staff.PostAsJsonAsync(new Uri("/api/v1/staff/announcements", UriKind.Relative), new
        {
            title, body = "本周六总馆闭馆一天，请合理安排。", link = "https://lib.example.edu.cn/news/1", category = "closure", audience, audienceValues = values,
        });
        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> SendAnnouncementAsync(this HttpClient staff, long id)
    {
        var answer = await staff.PostAsJsonAsync(new Uri($"/api/v1/staff/announcements/{id}/send", UriKind.Relative), new { });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Uploads a list of card numbers as the announcement's audience, as staff save it from a spreadsheet.</summary>
    public static Task<HttpResponseMessage> UploadCardsAsync(this HttpClient staff, long id, string list, string mediaType = "text/csv") =>
        staff.PutAsync(new Uri($"/api/v1/staff/announcements/{id}/cards", UriKind.Relative), new StringContent(list, System.Text.Encoding.UTF8, mediaType));

    public static async Task<JsonObject> ProgressAsync(this HttpClient staff, long id) =>
        (await staff.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/staff/announcements/{id}/progress", UriKind.Relative)))!;

    /// <summary>The openids the announcement targets (all of them, over the cap or not).</summary>
    public static async Task<List<string>> TargetsAsync(this TestDatabase database, long id, bool? overCap = null)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>(
            "select openid from announcement_targets where announcement_id = @id and (@overCap::boolean is null or over_cap = @overCap) order by openid",
            new { id, overCap })];
    }

    /// <summary>Per openid, the requests the service let leave (or start to leave) with a batch holding it.</summary>
    public static async Task<Dictionary<string, int>> AttemptsPerReaderAsync(this TestDatabase database, long id)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<(string OpenId, int Attempts)>("""
            select t.openid, count(a.id)::int from announcement_targets t
            left join announcement_attempts a on a.batch_id = t.batch_id
            where t.announcement_id = @id and not t.over_cap
            group by t.openid
            """, new { id })).ToDictionary(r => r.OpenId, r => r.Attempts);
    }

    public static async Task<Dictionary<string, int>> BatchStatesAsync(this TestDatabase database, long id)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<(string State, int Count)>(
            "select state, count(*)::int from announcement_batches where announcement_id = @id group by state", new { id }))
            .ToDictionary(r => r.State, r => r.Count);
    }

    /// <summary>Openids who follow the account (subscribe events, as the chat records them).</summary>
    public static async Task AddFollowersAsync(this TestDatabase database, IEnumerable<string> openIds, bool unsubscribed = false)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into followers (openid, subscribed_at, unsubscribed_at)
            select o, now() - interval '1 day', case when @unsubscribed then now() end from unnest(@openIds) o
            on conflict (openid) do update set unsubscribed_at = excluded.unsubscribed_at
            """, new { openIds = openIds.ToArray(), unsubscribed });
    }

    public static async Task SetMassMessagesThisMonthAsync(this TestDatabase database, string openId, DateOnly month, int counted)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into mass_message_counts (openid, month, counted) values (@openId, @month, @counted)
            on conflict (openid, month) do update set counted = excluded.counted
            """, new { openId, month, counted });
    }

    /// <summary>Per openid, the mass messages the service counts against the follower's month.</summary>
    public static async Task<Dictionary<string, int>> MassMessagesCountedAsync(this TestDatabase database, IEnumerable<string> openIds)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<(string OpenId, int Counted)>(
            "select openid, counted from mass_message_counts where openid = any(@openIds)", new { openIds = openIds.ToArray() }))
            .ToDictionary(r => r.OpenId, r => r.Counted);
    }
}
