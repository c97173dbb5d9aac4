using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Binding;

/// <summary>A failed binding as REST ProblemDetails.</summary>
public static class BindingProblems
{
    public static ProblemHttpResult For(BindResult result) => result switch
    {
        BindResult.WrongCredentials wrong => ProblemTypes.Problem("wrong-credentials", null,
            new Dictionary<string, object?> { ["attemptsLeft"] = wrong.AttemptsLeft }),
        BindResult.LockedOut locked => ProblemTypes.Problem("pin-locked", null,
            new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)Math.Ceiling(locked.RetryAfter.TotalSeconds) }),
        BindResult.CardExpired => ProblemTypes.Problem("card-expired"),
        BindResult.CardBoundElsewhere => ProblemTypes.Problem("card-bound-elsewhere"),
        BindResult.OpenIdBoundElsewhere other => ProblemTypes.Problem("wechat-bound-elsewhere",
            string.Create(CultureInfo.InvariantCulture, $"This WeChat account is bound to card {other.MaskedCardNumber}.")),
        BindResult.CampusLoginFailed failed => ProblemTypes.Problem("campus-login-failed", failed.Reason),
        BindResult.NoCardForCampusUser => ProblemTypes.Problem("no-card-for-campus-user"),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Not a failure."),
    };
}
