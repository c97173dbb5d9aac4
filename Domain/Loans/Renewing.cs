using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>The renewal step every renewal use case shares: decide on the locked loan, then record it and its audit row.</summary>
internal static class Renewing
{
    public static async Task<RenewalOutcome> ApplyAsync(
        ICirculationWork work, Patron reader, RenewalCase locked, DateOnly today, RenewalChannel channel, string actor,
        RenewalOverride? staffOverride, CancellationToken cancellationToken)
    {
        var decision = locked.Decide(RenewingReader.Of(reader, today), today, staffOverride);
        if (decision is RenewalDecision.Refused refused)
        {
            var mine = locked.Loan.PatronId == reader.Id;
            return new RenewalOutcome.Refused(mine ? locked.Loan : null, refused.Reasons, reader.PreferredLanguage);
        }

        var renewable = (RenewalDecision.Renewable)decision;
        var loan = locked.Loan;
        var overridden = renewable.Overridden.Select(r => r.Code).ToList();
        await work.RecordRenewalAsync(
            new RenewalRecord(loan.Id, actor, channel, loan.DueOn, renewable.NewDueDate, overridden, overridden.Count > 0 ? staffOverride?.Comment : null),
            cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, "loan.renewed", $"loan:{loan.Id}", new Dictionary<string, string?>
        {
            ["patron"] = reader.Id.ToString(CultureInfo.InvariantCulture),
            ["barcode"] = loan.Barcode,
            ["channel"] = channel.ToString().ToLowerInvariant(),
            ["oldDueOn"] = Iso(loan.DueOn),
            ["newDueOn"] = Iso(renewable.NewDueDate),
            ["overridden"] = overridden.Count > 0 ? string.Join(",", overridden) : null,
            ["comment"] = overridden.Count > 0 ? staffOverride?.Comment : null,
        }), cancellationToken);
        var renewed = loan with { DueOn = renewable.NewDueDate, RenewalCount = loan.RenewalCount + 1 };
        return new RenewalOutcome.Renewed(renewed, loan.DueOn, renewable.Overridden);
    }

    private static string Iso(DateOnly date) => Common.IsoDate.Format(date);
}
