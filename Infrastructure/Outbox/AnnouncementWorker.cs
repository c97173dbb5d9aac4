using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Announcements;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Sends announcements that have started (scheduled ones are started by <c>StartDueAnnouncementsJob</c>): settles batches
/// of stopped senders, and sends one batch at a time as a mass message by openid list. A batch's request, once under way, is not cut short by shutdown:
/// it ends (5 s at most) and its outcome is recorded, so that a restart neither resends nor loses track of it.
/// </summary>
public sealed partial class AnnouncementWorker(AnnouncementBatches batches, IServiceProvider services, IOptions<AnnouncementOptions> options,
    TimeProvider time, ILogger<AnnouncementWorker> logger) : BackgroundService
{
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkersEnabled)
            return;
        var wechat = services.GetRequiredService<WeChatApiClient>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await batches.SettleAsync(stoppingToken);
                // Not cut short by shutdown either: a claim that committed while its answer was lost would hold the batch
                // until its lease ran out.
                if (await batches.ClaimAsync(WorkerId, TimeSpan.FromSeconds(settings.LeaseSeconds), CancellationToken.None) is not { } batch)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), time, stoppingToken);
                    continue;
                }
                await SendAsync(wechat, batch, settings);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL away: a claimed batch comes back when its lease runs out.
                logger.LogError(e, "Announcement worker pass failed");
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    private async Task SendAsync(WeChatApiClient wechat, ClaimedBatch batch, AnnouncementOptions settings)
    {
        var text = AnnouncementRules.Text(AnnouncementRules.ParseCategory(batch.Category), batch.Title, batch.Body, batch.Link);
        var gate = new BatchGate(batches, batch.Id, WorkerId, TimeSpan.FromSeconds(settings.LeaseSeconds));
        var result = await wechat.SendMassTextAsync(batch.OpenIds, text, $"announcement-{batch.AnnouncementId}-{batch.Id}", gate, CancellationToken.None);
        switch (result.Outcome)
        {
            case WeChatOutcome.Withheld:
                await batches.WithheldAsync(batch.Id, WorkerId);
                break;
            case WeChatOutcome.Transient:
                await batches.RetryLaterAsync(batch.Id, WorkerId, Reason(result.Error), TimeSpan.FromSeconds(30), settings.MaxAttempts);
                break;
            case WeChatOutcome.QuotaExhausted:
                await batches.RetryLaterAsync(batch.Id, WorkerId, Reason(result.Error), TimeSpan.FromHours(1), settings.MaxAttempts);
                break;
            default:
                // Sent, failed and unknown were recorded with the attempt's end.
                logger.LogInformation("Announcement {Announcement} batch {Batch} of {Readers} readers: {Outcome}",
                    batch.AnnouncementId, batch.Id, batch.OpenIds.Count, result.Outcome);
                break;
        }
    }

    internal static string Describe(WeChatError? error) => error is null ? "unknown" : $"{error.Code} {error.Message}".Trim();

    /// <summary>
    /// Why a batch failed, as staff count failures by reason: WeChat's code and message without the request id or hint
    /// it appends to every answer (<c>rid: …</c>, <c>hint: [...]</c>), so that one reason is one count.
    /// </summary>
    internal static string Reason(WeChatError? error) =>
        error is null ? "unknown" : $"{error.Code} {RequestHint().Replace(error.Message, "")}".Trim();

    [GeneratedRegex(@"[\s,;]*\b(?:rid|hint)\s*:.*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RequestHint();

    /// <summary>Records each request of a batch before it leaves and how it ended.</summary>
    private sealed class BatchGate(AnnouncementBatches batches, long batchId, string worker, TimeSpan hold) : IRequestGate
    {
        private long? _attempt;

        public async Task<bool> OpenAsync(CancellationToken cancellationToken)
        {
            _attempt = await batches.BeginAttemptAsync(batchId, worker, hold, CancellationToken.None);
            return _attempt is not null;
        }

        public async Task ClosedAsync(WeChatResult<JsonElement> result)
        {
            if (_attempt is not { } attempt)
                return;
            var (outcome, msgId) = result.Outcome switch
            {
                WeChatOutcome.Success => (AttemptOutcome.Success, MsgIdOf(result.Value)),
                WeChatOutcome.Unknown => (AttemptOutcome.Unknown, (long?)null),
                WeChatOutcome.Permanent => (AttemptOutcome.Refused, null),
                _ => (AttemptOutcome.RefusedForNow, null),
            };
            await batches.EndAttemptAsync(attempt, outcome, msgId, result.Succeeded ? null : Describe(result.Error), result.Succeeded ? null : Reason(result.Error));
        }

        private static long? MsgIdOf(JsonElement answer) =>
            answer.TryGetProperty("msg_id", out var id) && long.TryParse(id.ToString(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
