namespace WeChatLib.Api.Hosting;

/// <summary>Marks a member that a client may send as one string or as an array of strings (documented by <see cref="TextOrListSchemaFilter"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextOrListAttribute : Attribute;
