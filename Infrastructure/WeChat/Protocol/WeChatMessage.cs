using System.Globalization;

namespace WeChatLib.Infrastructure.WeChat.Protocol;

/// <summary>
/// An inbound message or event, immutable. Every element of the XML is kept by path (<c>ScanCodeInfo/ScanResult</c>);
/// the common ones have names. Event names are compared case-insensitively (WeChat sends <c>subscribe</c> and <c>CLICK</c>).
/// </summary>
public sealed class WeChatMessage(IReadOnlyDictionary<string, string> fields)
{
    public IReadOnlyDictionary<string, string> Fields { get; } = fields;

    public string ToUserName => this["ToUserName"];

    /// <summary>The reader's openid.</summary>
    public string FromUserName => this["FromUserName"];

    public long CreateTime => long.TryParse(this["CreateTime"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

    public string MsgType => this["MsgType"].ToLowerInvariant();

    public bool IsEvent => MsgType == "event";

    /// <summary>Lower case, so that <c>CLICK</c> and <c>click</c> are one.</summary>
    public string Event => this["Event"].ToLowerInvariant();

    public string EventKey => this["EventKey"];

    public string MsgId => this["MsgId"];

    public string Content => this["Content"];

    public string this[string path] => Fields.TryGetValue(path, out var value) ? value : "";

    /// <summary>
    /// What identifies this message across WeChat's retries: MsgId with the reader (MsgId alone collided across readers
    /// in one SDK), or for events the reader, time, event, key and the event's own fields, so that two scans of one
    /// reader in the same second stay two.
    /// </summary>
    public string DedupeKey => IsEvent
        ? string.Join('|', "event", FromUserName, this["CreateTime"], Event, EventKey,
            this["ScanCodeInfo/ScanResult"], this["MsgID"], this["SendPicsInfo/Count"], this["SendLocationInfo/Label"], this["Latitude"], this["Longitude"])
        : string.Join('|', "msg", FromUserName, MsgId.Length > 0 ? MsgId : this["CreateTime"] + "|" + Content);
}
