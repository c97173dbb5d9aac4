using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.NewArrivals;

/// <summary>The weekly digest against the real database: who hears of what, once per week, and the catch-up after downtime.</summary>
internal sealed class NewArrivalsDigestTests : ServiceTest
{
    private DateOnly _today;
    private string _week = "";

    [SetUp]
    public async Task Prepare()
    {
        await Database.OpenLibraryAsync();
        _today = Api.Today();
        _week = Iso(RunNewArrivalsDigest.WindowOn(_today).Week);
    }

    [Test]
    public async Task Each_subscriber_gets_one_notice_of_the_new_titles_in_their_classes_sub_classes_and_keywords_and_others_nothing()
    {
        await AddBoundReadersAsync("A0001", "B0001", "C0001", "D0001");
        await Api.AddReadersAsync(Reader("E0001"));
        await Database.SubscribeAsync("A0001", "class", "TP");
        await Database.SubscribeAsync("B0001", "class", "T");
        await Database.SubscribeAsync("C0001", "keyword", "机器学习");
        await Database.SubscribeAsync("D0001", "class", "K");
        await Database.SubscribeAsync("E0001", "class", "TP");
        await Database.AddArrivalAsync("深度学习", "TP181", _today.AddDays(-3));
        await Database.AddArrivalAsync("通信原理", "TN911", _today.AddDays(-2));
        await Database.AddArrivalAsync("机器学习实战：基于Scikit-Learn和TensorFlow的方法", "TP311.13", _today.AddDays(-1));
        // Not news: a history arrived before the first digest's week, a new copy of an old title, a copy lost on arrival.
        await Database.AddArrivalAsync("中国通史", "K20", _today.AddDays(-10));
        var old = await Database.AddArrivalAsync("C程序设计", "TP312", _today.AddDays(-400));
        await Database.AddCopyAsync(old, _today.AddDays(-1));
        await Database.AddArrivalAsync("编译原理", "TP314", _today.AddDays(-1), status: "lost");

        var report = await RunAsync();

        var notices = await Database.DigestNoticesAsync();
        notices.Select(n => (n.Card, n.Count)).ShouldBe([("A0001", 2), ("B0001", 3), ("C0001", 1)]);
        notices.ShouldAllBe(n => n.Key.EndsWith(":" + _week, StringComparison.Ordinal));
        notices[0].Summary.ShouldBe("《机器学习实战：基于Sci…》等2种新书");
        notices[0].Summary.Length.ShouldBeLessThanOrEqualTo(20);
        notices[2].Summary.ShouldBe("新书《机器学习实战：基于Scikit…》");
        notices[2].Summary.Length.ShouldBeLessThanOrEqualTo(20);
        report.Subscribers.ShouldBe(5);
        report.Enqueued.ShouldBe(3);
        report.NothingNew.ShouldBe(1);
        report.Skipped.ShouldBe(new Dictionary<string, int> { ["unbound"] = 1 });
        (await Database.DigestCoveredUntilAsync("D0001")).ShouldBe(_today.AddDays(-1));
        await EachFitsTheShippedTemplateAsync();
    }

    [Test]
    public async Task Forty_runs_at_once_and_a_rerun_queue_one_notice_per_reader_and_week_and_later_arrivals_wait_for_next_week()
    {
        await AddBoundReadersAsync("A0001", "B0001");
        await Database.SubscribeAsync("A0001", "class", "I");
        await Database.SubscribeAsync("B0001", "keyword", "三体");
        await Database.AddArrivalAsync("三体", "I247.55", _today.AddDays(-2), author: "刘慈欣");

        var reports = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(RunAsync)));
        await Database.AddArrivalAsync("活着", "I247.57", _today, author: "余华");
        var rerun = await RunAsync();
        var nextWeek = await Api.Services.GetRequiredService<INewArrivals>().RunDigestAsync(
            RunNewArrivalsDigest.WindowOn(_today.AddDays(7)), CancellationToken.None);

        reports.Sum(r => r.Enqueued).ShouldBe(2);
        rerun.Enqueued.ShouldBe(0);
        nextWeek.Enqueued.ShouldBe(1);
        var notices = await Database.DigestNoticesAsync();
        notices.Select(n => (n.Card, n.Key.Split(':')[2], n.FirstTitle)).ShouldBe([
            ("A0001", _week, "三体"), ("A0001", Iso(RunNewArrivalsDigest.WindowOn(_today.AddDays(7)).Week), "活着"), ("B0001", _week, "三体")]);
    }

    [Test]
    public async Task After_downtime_the_scheduled_digest_runs_once_and_covers_the_missed_weeks_up_to_four()
    {
        await AddBoundReadersAsync("A0001");
        await Database.SubscribeAsync("A0001", "class", "F");
        var patron = (await Api.PatronAsync("A0001")).Id;
        await using var connection = Database.Open();
        await connection.ExecuteAsync("insert into new_arrival_digest_marks (patron_id, covered_until) values (@patron, @until)",
            new { patron, until = _today.AddDays(-40) });
        await Database.AddArrivalAsync("国富论", "F091.33", _today.AddDays(-30));
        await Database.AddArrivalAsync("资本论", "A811.23", _today.AddDays(-20));
        await Database.AddArrivalAsync("经济学原理", "F0", _today.AddDays(-20));
        await Database.AddArrivalAsync("薛兆丰经济学讲义", "F0-49", _today.AddDays(-2));

        await Eventually.HoldsAsync(async () => await connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from scheduled_jobs where name = 'notices.new-arrivals-digest')"), "the digest job is registered");
        await connection.ExecuteAsync("update scheduled_jobs set next_run_at = now() - interval '15 days' where name = 'notices.new-arrivals-digest'");
        await Eventually.HoldsAsync(async () => (await Database.DigestNoticesAsync()).Count > 0, "the missed digest runs");
        await Eventually.HoldsAsync(async () => await connection.ExecuteScalarAsync<bool>(
            "select running_by is null from scheduled_jobs where name = 'notices.new-arrivals-digest'"), "the run ends");

        var notices = await Database.DigestNoticesAsync();
        notices.Select(n => (n.Count, n.FirstTitle)).ShouldBe([(2, "薛兆丰经济学讲义")]);
        (await connection.ExecuteScalarAsync<bool>(
            "select next_run_at > now() + interval '1 hour' from scheduled_jobs where name = 'notices.new-arrivals-digest'")).ShouldBeTrue();
        (await Database.DigestCoveredUntilAsync("A0001")).ShouldBe(_today.AddDays(-1));
    }

    [Test]
    public async Task A_keyword_typed_half_width_finds_a_title_printed_full_width_and_the_other_way_round()
    {
        await AddBoundReadersAsync("A0002", "B0002", "C0002");
        await Database.SubscribeAsync("A0002", "keyword", "c++");
        await Database.SubscribeAsync("B0002", "keyword", "（典藏版）");
        await Database.SubscribeAsync("C0002", "keyword", "Ｐｙｔｈｏｎ");
        await Database.AddArrivalAsync("Ｃ＋＋程序设计：从入门到精通", "TP312", _today.AddDays(-2));
        await Database.AddArrivalAsync("三体(典藏版)", "I247.55", _today.AddDays(-2));
        await Database.AddArrivalAsync("流畅的Python", "TP312", _today.AddDays(-2));

        await RunAsync();

        (await Database.DigestNoticesAsync()).Select(n => (n.Card, n.FirstTitle)).ShouldBe(
            [("A0002", "Ｃ＋＋程序设计：从入门到精通"), ("B0002", "三体(典藏版)"), ("C0002", "流畅的Python")]);
    }

    private async Task AddBoundReadersAsync(params string[] cards)
    {
        await Api.AddReadersAsync([.. cards.Select(c => Reader(c))]);
        foreach (var card in cards)
            await Api.BindWeChatAsync(card, "oDigest" + card.PadLeft(21, '0'));
    }

    // Production's template ids are the deployment's own; the shipped development mapping shows what the fields must fit.
    private async Task EachFitsTheShippedTemplateAsync()
    {
        var options = new NoticesOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(TestServices.RepositoryRoot, "Api", "appsettings.Development.json"))
            .Build().GetSection(NoticesOptions.Section).Bind(options);
        var mapping = new TemplateMapping(Options.Create(options));
        await using var connection = Database.Open();
        var queued = await connection.QueryAsync<string>("select fields::text from notifications where kind = 'new-arrivals'");

        queued.ShouldNotBeEmpty();
        foreach (var fields in queued.Select(f => JsonSerializer.Deserialize<Dictionary<string, string>>(f)!))
        {
            var message = mapping.Build(NoticeKind.NewArrivals, fields, "https://lib.example").ShouldBeOfType<TemplateBuild.Ready>().Message;
            message.Data.Values.ShouldAllBe(v => TemplateMapping.Length(v) <= TemplateMapping.MaxFieldLength);
            message.Url.ShouldBe("https://lib.example/h5/new-books");
        }
    }

    private Task<DigestReport> RunAsync() => Api.Services.GetRequiredService<RunNewArrivalsDigest>().HandleAsync(CancellationToken.None);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
