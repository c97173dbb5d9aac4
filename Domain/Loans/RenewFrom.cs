namespace WeChatLib.Domain.Loans;

/// <summary>What a renewal period is counted from.</summary>
public enum RenewFrom
{
    /// <summary>The library's date of the renewal: a second renewal on the same day moves nothing.</summary>
    Today,

    /// <summary>The loan's current due date: each renewal adds a full period.</summary>
    DueDate,
}
