namespace WeChatLib.Domain.Readers;

public enum PatronGroup
{
    Undergraduate,
    Graduate,
    Faculty,
    Staff,
    Alumni,
    FamilyMember,
    /// <summary>Admitted but not yet enrolled: a newly admitted student before registration.</summary>
    Admitted,
}
