namespace WeChatLib.Domain.Readers;

/// <summary>One row of a file of bindings carried over from the library's previous WeChat service.</summary>
public sealed record BindingImportRow(int Line, string? CardNumber, string? OpenId);
