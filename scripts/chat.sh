#!/usr/bin/env bash
# Sends the local service a message as WeChat's servers would (signed, AES-encrypted in safe mode) from a reader's
# openid, and prints the reply: the chat, by hand, against scripts/run.sh. The demo readers' openids are in README.md.
#   scripts/chat.sh oDemo20250101 借阅                  a text message
#   scripts/chat.sh oDemoT2008105 --click MY_LOANS      a menu click
# The account's settings default to Development's (appsettings.Development.json); WECHATLIB_URL, WECHAT_TOKEN,
# WECHAT_AES_KEY and WECHAT_APP_ID change them. Needs curl and openssl.
set -euo pipefail
url=${WECHATLIB_URL:-http://127.0.0.1:8080}
token=${WECHAT_TOKEN:-wechatlibdev}
aes_key=${WECHAT_AES_KEY:-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG}
app_id=${WECHAT_APP_ID:-wxd0e0000000000001}
[ $# -ge 2 ] || { sed -n '4,5p' "$0" | sed 's/^# *//' >&2; exit 2; }
openid=$1
shift
now=$(date +%s)
from="<ToUserName><![CDATA[gh_library]]></ToUserName><FromUserName><![CDATA[$openid]]></FromUserName><CreateTime>$now</CreateTime>"
if [ "$1" = --click ]; then
  message="<xml>$from<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[$2]]></EventKey></xml>"
else
  message="<xml>$from<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[$*]]></Content><MsgId>$now$RANDOM</MsgId></xml>"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
key=$(printf '%s=' "$aes_key" | base64 -d | od -An -v -tx1 | tr -d ' \n')
iv=${key:0:32}
# shellcheck disable=SC2059 # the octal escape of the byte is the format
byte() { printf "\\$(printf '%03o' "$1")"; }

# WeChat's envelope: 16 random bytes, the message's length (4 bytes, big-endian), the message, the AppID, then
# PKCS#7 padding to a multiple of 32 bytes.
length=$(printf '%s' "$message" | wc -c)
{
  head -c 16 /dev/urandom
  byte $((length >> 24 & 255)); byte $((length >> 16 & 255)); byte $((length >> 8 & 255)); byte $((length & 255))
  printf '%s%s' "$message" "$app_id"
} >"$tmp/plain"
pad=$((32 - $(wc -c <"$tmp/plain") % 32))
for _ in $(seq "$pad"); do byte "$pad"; done >>"$tmp/plain"
encrypted=$(openssl enc -aes-256-cbc -K "$key" -iv "$iv" -nopad -in "$tmp/plain" | base64 -w0)

sign() { printf '%s\n' "$@" | LC_ALL=C sort | tr -d '\n' | sha1sum | cut -d' ' -f1; }
nonce=$RANDOM$RANDOM
query="signature=$(sign "$token" "$now" "$nonce")&timestamp=$now&nonce=$nonce&openid=$openid&encrypt_type=aes"
query="$query&msg_signature=$(sign "$token" "$now" "$nonce" "$encrypted")"
curl -fsS -X POST -H 'Content-Type: text/xml' -o "$tmp/reply" "$url/wechat/callback?$query" \
  --data-binary "<xml><ToUserName><![CDATA[gh_library]]></ToUserName><Encrypt><![CDATA[$encrypted]]></Encrypt></xml>"

reply=$(sed -n 's/.*<Encrypt><!\[CDATA\[\([^]]*\)\]\]><\/Encrypt>.*/\1/p' "$tmp/reply")
if [ -z "$reply" ]; then
  # "success" (or nothing): no passive reply; a late answer goes out as a custom message.
  echo "(no reply in the answer: '$(cat "$tmp/reply")'; a late answer appears at http://127.0.0.1:8081/_fake/messages)"
  exit 0
fi
printf '%s' "$reply" | base64 -d | openssl enc -d -aes-256-cbc -K "$key" -iv "$iv" -nopad >"$tmp/decrypted"
length=$(tail -c +17 "$tmp/decrypted" | head -c 4 | od -An -tu1 | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
tail -c +21 "$tmp/decrypted" | head -c "$length" >"$tmp/xml"
if grep -q '<Content>' "$tmp/xml"; then
  sed -z 's/.*<Content><!\[CDATA\[\(.*\)\]\]><\/Content>.*/\1/' "$tmp/xml"
  echo
else
  cat "$tmp/xml"
  echo
fi
