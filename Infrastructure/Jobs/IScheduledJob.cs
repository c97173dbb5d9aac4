namespace WeChatLib.Infrastructure.Jobs;

/// <summary>A recurring job that runs once per occurrence across all instances.</summary>
public interface IScheduledJob
{
    /// <summary>Unique and stable: the job's row in <c>scheduled_jobs</c>.</summary>
    string Name { get; }

    /// <summary>The next occurrence after <paramref name="now"/>.</summary>
    DateTimeOffset NextRunAfter(DateTimeOffset now);

    Task RunAsync(CancellationToken cancellationToken);
}
