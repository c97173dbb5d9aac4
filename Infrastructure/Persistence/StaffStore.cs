using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Staff;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class StaffStore(NpgsqlDataSource dataSource) : IStaffStore
{
    private const string SelectStaff = "select id, username::text, display_name, password_hash, roles, active from staff_accounts";

    public async Task<StaffAccount?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition(
            $"{SelectStaff} where id = @id", new { id }, cancellationToken: cancellationToken)))?.ToAccount();
    }

    public async Task<StaffAccount?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition(
            $"{SelectStaff} where username = @username::citext", new { username }, cancellationToken: cancellationToken)))?.ToAccount();
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StaffRow>(new CommandDefinition($"{SelectStaff} order by id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAccount())];
    }

    public async Task<StaffAccount?> CreateAsync(
        string username, string displayName, string passwordHash, IReadOnlyList<StaffRole> roles, Func<StaffAccount, AuditEntry> audit,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = (await connection.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition("""
            insert into staff_accounts (username, display_name, password_hash, roles)
            values (@username, @displayName, @passwordHash, @roles)
            on conflict (username) do nothing
            returning id, username::text, display_name, password_hash, roles, active
            """, new { username, displayName, passwordHash, roles = Codes(roles) }, transaction, cancellationToken: cancellationToken)))?.ToAccount();
        if (account is not null)
            await AuditLog.WriteAsync(transaction, [audit(account)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public async Task<bool> UpdateAsync(long id, IReadOnlyList<StaffRole> roles, bool active, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "update staff_accounts set roles = @roles, active = @active where id = @id",
            new { id, roles = Codes(roles), active }, transaction, cancellationToken: cancellationToken)) == 1;
        if (updated)
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<bool> AnyActiveAdminAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from staff_accounts where active and 'admin' = any(roles))", cancellationToken: cancellationToken));
    }

    private static string[] Codes(IReadOnlyList<StaffRole> roles) => [.. roles.Select(r => r.ToString().ToLowerInvariant())];

    private sealed class StaffRow
    {
        public long Id { get; init; }
        public string Username { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public bool Active { get; init; }

        public StaffAccount ToAccount() =>
            new(Id, Username, DisplayName, PasswordHash, [.. Roles.Select(r => Enum.Parse<StaffRole>(r, ignoreCase: true))], Active);
    }
}
