using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Cas;
using WeChatLib.Infrastructure.Jobs;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Security;
using WeChatLib.Domain.Branches;
using WeChatLib.Infrastructure.Configuration;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure;

public static class DependencyInjection
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectionStringsOptions>().Bind(configuration.GetSection(ConnectionStringsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionStringsOptions>, ConnectionStringsValidator>();
        services.AddOptions<WeChatOptions>().Bind(configuration.GetSection(WeChatOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();

        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddOptions<BindingOptions>().Bind(configuration.GetSection(BindingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BindingOptions>, BindingOptionsValidator>();
        services.AddOptions<ReaderMessageLimitOptions>().Bind(configuration.GetSection(ReaderMessageLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReaderMessageLimitOptions>, ReaderMessageLimitOptionsValidator>();
        services.AddOptions<SeatRequestLimitOptions>().Bind(configuration.GetSection(SeatRequestLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeatRequestLimitOptions>, SeatRequestLimitOptionsValidator>();
        services.AddOptions<StaffSignInOptions>().Bind(configuration.GetSection(StaffSignInOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffSignInOptions>, StaffSignInOptionsValidator>();
        services.AddOptions<CasOptions>().Bind(configuration.GetSection(CasOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CasOptions>, CasOptionsValidator>();
        services.AddOptions<PasswordHasherOptions>().Bind(configuration.GetSection("PasswordHasher")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PasswordHasherOptions>, PasswordHasherOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        AddPostgres(services);
        AddRedis(services);
        AddIdentity(services);
        AddWeChatApi(services);
        AddOutbox(services, configuration);

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(2))
            .AddCheck<WeChatHealthCheck>("wechat", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(2));
        return services;
    }

    private static void AddPostgres(IServiceCollection services)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddNpgsqlDataSource(
            "",
            (provider, builder) => PostgresConnection.Configure(
                builder.ConnectionStringBuilder, provider.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Postgres));
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<MigrateOnStartup>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<IBranchStore, BranchStore>();
        services.AddSingleton<FollowerStore>();
        services.AddSingleton<CirculationReference>();
        services.AddSingleton<Domain.Loans.ICirculation, CirculationStore>();
        services.AddSingleton<Domain.Seats.ISeats, SeatStore>();
        services.AddSingleton<Domain.Rooms.IRooms, RoomStore>();
        services.AddSingleton<Domain.Loans.ILoanPolicies, LoanPolicyStore>();
        services.AddSingleton<Domain.Holds.IHoldPolicies, HoldPolicyStore>();
        services.AddSingleton<Domain.Seats.Releases.ISeatReleases, SeatReleaseStore>();
        services.AddSingleton<Domain.Seats.Releases.ISeatStanding, SeatStandingStore>();
        services.AddSingleton<Domain.Rooms.Schedule.IRoomSchedule, RoomScheduleStore>();
        services.AddSingleton<Domain.Overdue.IOverdueDesk, OverdueDeskStore>();
        services.AddSingleton<INoticeRules, NoticeRuleStore>();
        services.AddSingleton<IDueNoticeScan, DueNoticeScanStore>();
        services.AddSingleton<Domain.Catalogue.ICatalogueStore, CatalogueStore>();
        services.AddSingleton<Domain.NewArrivals.INewArrivals, NewArrivalsStore>();
        services.AddSingleton<Domain.NewArrivals.IHotLoans, HotLoansStore>();
        services.AddSingleton<Domain.Announcements.IAnnouncements, AnnouncementStore>();
    }

    private static void AddRedis(IServiceCollection services)
    {
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var options = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Redis);
            var redis = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
            // Start even while Redis is down and reconnect by itself; readiness reports the outage meanwhile.
            options.AbortOnConnectFail = false;
            // During an outage a command fails at once instead of queueing for its timeout: WeChat waits 5 s, no more.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = redis.ConnectTimeoutMilliseconds;
            options.AsyncTimeout = options.SyncTimeout = redis.OperationTimeoutMilliseconds;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(provider => provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase()
            .WithKeyPrefix(provider.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<IPatronSessions>(provider => provider.GetRequiredService<RefreshTokens>());
        services.AddSingleton<BindingTickets>();
        services.AddSingleton<AttemptCounter>();
        services.AddSingleton<IPinAttempts, RedisPinAttempts>();
        services.AddSingleton<IStaffSignInAttempts, RedisStaffSignInAttempts>();
        services.AddSingleton<Domain.Announcements.IPreviewPairings, PreviewPairings>();
        services.AddSingleton<ReaderMessageLimit>();
        services.AddSingleton<WeChatDedupe>();
        services.AddSingleton<WeChat.Protocol.WeChatEnvelope>();
        services.AddSingleton<ReaderSessions>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<FreeSeatCounts>();
        services.AddSingleton<Domain.Seats.IFreeSeatCounts>(provider => provider.GetRequiredService<FreeSeatCounts>());
        services.AddSingleton<Domain.Seats.ISeatRequestLimit, SeatRequestLimit>();
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddSingleton<ISecretHasher, SecretHasher>();
        services.AddSingleton<IPatronStore, PatronStore>();
        services.AddSingleton<IBindingStore, BindingStore>();
        services.AddSingleton<IStaffStore, StaffStore>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddHttpClient<ICampusLogin, CasClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddHttpClient<WeChatOAuthClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
    }

    private static void AddOutbox(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddOptions<NoticesOptions>().Bind(configuration.GetSection(NoticesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NoticesOptions>, NoticesOptionsValidator>();
        services.AddOptions<PublicUrl>().Configure(o => o.BaseUrl = configuration["PublicBaseUrl"] ?? "");
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<INoticeOutbox>(provider => provider.GetRequiredService<NotificationOutbox>());
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<INoticeDeliveries>(provider => provider.GetRequiredService<OutboxStore>());
        services.AddSingleton<INoticePreferences, NoticePreferencesStore>();
        services.AddSingleton<TemplateMapping>();
        services.AddSingleton<SendRateLimiter>();
        services.AddTransient<OutboxSender>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<IScheduledJob, SweepExpiredLeases>();
        services.AddSingleton<IScheduledJob, ReleaseQuietHoursNotices>();
        services.AddSingleton<IScheduledJob, EndExpiredCardSessionsJob>();
        services.AddSingleton<IScheduledJob, ExpireHoldsJob>();
        services.AddSingleton<IScheduledJob, ReleaseSeatsJob>();
        services.AddSingleton<IScheduledJob, RoomScheduleJob>();
        services.AddSingleton<OutboxRetention>();
        services.AddSingleton<IScheduledJob, DeleteOldNoticesJob>();
        services.AddSingleton<IScheduledJob, DueNoticeScanJob>();
        services.AddSingleton<IScheduledJob, NewArrivalsDigestJob>();
        services.AddSingleton<IScheduledJob, RefreshHotLoansJob>();
        services.AddSingleton<IScheduledJob, StartDueAnnouncementsJob>();
        services.AddHostedService<JobScheduler>();

        services.AddOptions<AnnouncementOptions>().Bind(configuration.GetSection(AnnouncementOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnnouncementOptions>, AnnouncementOptionsValidator>();
        services.AddSingleton<Domain.Announcements.IMassMessageSettings>(provider => provider.GetRequiredService<IOptions<AnnouncementOptions>>().Value);
        services.AddSingleton<Domain.Announcements.IMassPreview, MassPreview>();
        services.AddSingleton<AnnouncementBatches>();
        services.AddHostedService<AnnouncementWorker>();
    }

    private static void AddWeChatApi(IServiceCollection services)
    {
        services.AddSingleton<WeChatAlarms>();
        services.AddSingleton<RecentAccessToken>();
        services.AddTransient<AccessTokenOwner>();
        services.AddHttpClient<WeChatTokenEndpoints>(http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddHttpClient<WeChatApiClient>(http => http.Timeout = WeChatApiClient.RequestTimeout);
    }
}
