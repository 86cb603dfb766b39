# Writes src/main/resources/openapi.json. The JSON is the source of truth (served at /openapi.json and
# checked by OpenApiTest); this script only spares hand-typing it. Run: python3 scripts/openapi-gen.py
import json, pathlib

ALICE = "ead993c5-c951-30c3-829a-da919ce319d1"  # the development issuer's id for "alice"

def ref(name): return {"$ref": "#/components/schemas/" + name}
def arr(item): return {"type": "array", "items": item}
def obj(required, **props): return {"type": "object", "required": required, "properties": props}
S = {"type": "string"}; I = {"type": "integer"}; B = {"type": "boolean"}; N = {"type": "number"}
T = {"type": "string", "format": "date-time"}
def env(type_, sender, payload):
    return obj(["type", "sender", "payload"], type={"type": "string", "enum": [type_]},
               sender={"type": "string", "enum": [sender]}, payload=payload)

schemas = {
    "Error": obj(["code", "message"], code=S, message=S),
    "Message": obj(["message"], message=S),
    "Channel": obj(["id", "name"], id=I, name=S, description=S, sort_order=I),
    "ChannelList": obj(["channels"], channels=arr(ref("Channel"))),
    "ChannelCreated": obj(["message", "name", "id"], message=S, name=S, id=I),
    "ChatMessage": obj(["id", "owner_id", "username", "channel", "message", "authored_at"], id=I, owner_id=S,
                       username=S, channel=S, message=S, authored_at=T),
    "MessageSearchResult": env("message_search_result", "server",
                               obj(["messages", "has_more"], messages=arr(ref("ChatMessage")), has_more=B)),
    "User": obj(["id", "username", "is_banned"], id=S, username=S, is_banned=B),
    "UserSearchResult": env("user_search_result", "server", obj(["users", "has_more"], users=arr(ref("User")), has_more=B)),
    "Banned": obj(["message", "banished", "reason", "duration", "ban_id"], message=S, banished=S, reason=S, duration=S, ban_id=S),
    "Pardoned": obj(["message", "ban_id"], message=S, ban_id=S),
    "BanRecord": obj(["id", "owner_id", "banished_id", "banished_username", "start", "pardoned"], id=S, owner_id=S,
                     banished_id=S, banished_username=S, reason=S, start=T, end=T, duration=S, duration_seconds=I, pardoned=B),
    "BanRecords": env("ban_records_result", "server", obj(["records", "has_more"], records=arr(ref("BanRecord")), has_more=B)),
    "RateLimit": obj(["id", "owner_id", "message_limit", "window_seconds"], id=I, owner_id=S, message_limit=I, window_seconds=I),
    "RateLimiter": obj(["rate_limiter"], rate_limiter=ref("RateLimit")),
    "RateLimitUpdated": obj(["message", "rate_limiter"], message=S, rate_limiter=ref("RateLimit")),
    "RateLimitOverrides": obj(["overrides"], overrides=arr(ref("RateLimit"))),
    "SessionActivity": env("session_activity", "Server", obj(["session_activity"], session_activity=arr(
        obj(["session_date", "session_count", "total_duration", "total_seconds"], session_date={"type": "string", "format": "date"},
            session_count=I, total_duration=S, total_seconds=I)))),
    "ChannelCounts": env("message_count_by_channel", "Server", obj(["channels"], channels=arr(
        obj(["channel", "message_count"], channel=S, message_count=I)))),
    "UserUsage": env("user_usage", "Server", obj(["user_id", "username", "from", "to", "messages", "private_messages", "sessions",
                                                  "time_online", "time_online_seconds", "online", "first_seen", "last_seen"],
                                                 user_id=S, username=S, **{"from": T}, to=T, messages=I, private_messages=I,
                                                 sessions=I, time_online=S, time_online_seconds=I, online=B, first_seen=T, last_seen=T)),
    "MessageSeries": env("message_series", "Server", obj(["bucket", "from", "to", "series"], bucket=S, **{"from": T}, to=T,
        series=arr(obj(["channel", "points"], channel=S, points=arr(obj(["start", "count"], start=T, count=I)))))),
    "PeakConcurrentUsers": env("peak_concurrent_users", "Server", obj(["from", "to", "peak_concurrent_users"],
                                                                       **{"from": T}, to=T, peak_concurrent_users=I, at=T)),
}

def err(desc): return {"description": desc, "content": {"application/json": {"schema": ref("Error")}}}
def ok(schema, desc="OK", status="200"): return {status: {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}}
COMMON = {"401": err("missing or invalid bearer token"), "403": err("the token lacks the admin role, or the origin is not allowed"),
          "503": err("the database is unavailable")}
def q(name, schema, desc, example=None, required=False):
    p = {"name": name, "in": "query", "required": required, "description": desc, "schema": schema}
    if example is not None: p["example"] = example
    return p
def body(schema, example):
    return {"required": True, "content": {"application/json": {"schema": schema, "example": example}}}
LIMIT = q("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "page size", 10)
OFFSET = q("offset", {"type": "integer", "minimum": 0, "default": 0}, "rows to skip", 0)
FROM = q("from", T, "start of the range (RFC 3339, inclusive); default 24 hours before 'to'")
TO = q("to", T, "end of the range (RFC 3339, exclusive); default now")
USER = {"name": "user_id", "in": "path", "required": True, "schema": S, "example": ALICE}
def op(summary, responses, params=None, request=None, extra=None):
    o = {"summary": summary, "security": [{"bearer": []}], "responses": {**responses, **COMMON, **(extra or {})}}
    if params: o["parameters"] = params
    if request: o["requestBody"] = request
    return o
BAD = {"400": err("invalid input")}
NF = {"404": err("unknown id")}

paths = {
  "/channels": {
    "get": op("List channels (bare object, sorted by sort_order then id)", ok("ChannelList")),
    "post": op("Create a channel; pushed to clients as active_channels", {**ok("ChannelCreated", "created", "201"), **BAD,
               "409": err("name taken")}, request=body(obj(["name"], name={"type": "string", "maxLength": 24}, description=S),
               {"name": "random", "description": "Off topic"})),
    "patch": op("Rename/describe, or reorder with before_id (unknown before_id moves to the end)", {**ok("Message"), **BAD, **NF,
                "409": err("name taken, or General renamed")},
                request=body(obj(["id"], id=I, before_id=I, name={"type": "string", "maxLength": 24}, description=S),
                             {"id": 2, "description": "Anything goes"})),
    "delete": op("Delete a channel (General is refused); purge also deletes its messages", {**ok("Message"), **BAD, **NF,
                 "409": err("General cannot be deleted")},
                 params=[q("id", I, "channel id", 2, True), q("purge", S, "1/true to delete its messages too", "false")]),
  },
  "/messages": {
    "get": op("Search public messages, newest first", {**ok("MessageSearchResult"), **BAD},
              params=[q("keyword", S, "full-text words, all required (stemmed)", "hello"),
                      q("channel", S, "channel name; repeatable"), q("user_id", S, "author id"), FROM, TO, LIMIT, OFFSET]),
    "delete": op("Delete public messages everywhere; clients get message_deleted", {"204": {"description": "deleted"}, **BAD,
                 "404": err("none of the ids exist")}, request=body(obj(["ids"], ids=arr(I)), {"ids": [1]})),
  },
  "/users": {"get": op("Case-insensitive username prefix search over our directory", {**ok("UserSearchResult"), **BAD},
                       params=[q("username", S, "prefix", "ali"), LIMIT, OFFSET])},
  "/users/ban": {
    "post": op("Ban a user, even one who never connected: open connections close with 4003 on every node",
               {**ok("Banned"), **BAD},
               request=body(obj(["banished_id"], banished_id=S, reason={"type": "string", "maxLength": 256},
                                duration={"type": "number", "exclusiveMinimum": 0, "nullable": True}),
                            {"banished_id": ALICE, "reason": "spam", "duration": 2})),
    "delete": op("Pardon a ban and every other active ban of the same user", {**ok("Pardoned"), **BAD, **NF},
                 params=[q("ban_id", I, "ban id", 1, True)]),
  },
  "/users/bans": {"get": op("Ban records, newest first", {**ok("BanRecords"), **BAD}, params=[LIMIT, OFFSET])},
  "/ratelimits": {
    "get": op("The global rate limit (bare object)", ok("RateLimiter")),
    "patch": op("Change a rate limit row by id; applied at once on every node", {**ok("RateLimitUpdated"), **BAD, **NF},
                request=body(obj(["id", "message_limit", "window_seconds"], id=I,
                                 message_limit={"type": "integer", "minimum": 1, "maximum": 10000},
                                 window_seconds={"type": "integer", "minimum": 1, "maximum": 86400}),
                             {"id": 1, "message_limit": 20, "window_seconds": 60})),
  },
  "/ratelimits/users": {"get": op("Every per-user override", ok("RateLimitOverrides"))},
  "/ratelimits/users/{user_id}": {
    "parameters": [USER],
    "put": op("Create or replace a user's override", {**ok("RateLimiter"), **BAD, **NF},
              request=body(obj(["message_limit", "window_seconds"], message_limit={"type": "integer", "minimum": 1, "maximum": 10000},
                               window_seconds={"type": "integer", "minimum": 1, "maximum": 86400}),
                           {"message_limit": 5, "window_seconds": 60})),
    "get": op("A user's override", {**ok("RateLimiter"), **NF}),
    "delete": op("Remove a user's override", {"204": {"description": "removed"}, **NF}),
  },
  "/activity/sessions": {"get": op("Sessions per UTC date of their start, last 7 days", ok("SessionActivity"),
                                   params=[q("user_id", S, "only this user")])},
  "/activity/channels": {"get": op("All-time public message count per channel", ok("ChannelCounts"))},
  "/activity/users/{user_id}": {"parameters": [USER], "get": op("One user's usage in a range", {**ok("UserUsage"), **BAD, **NF},
                                                                params=[FROM, TO])},
  "/activity/messages": {"get": op("Public messages per channel per minute or hour, zero-filled", {**ok("MessageSeries"), **BAD},
                                   params=[q("bucket", {"type": "string", "enum": ["minute", "hour"], "default": "hour"}, "bucket size", "hour"),
                                           q("channel", S, "channel name; repeatable"), FROM, TO])},
  "/activity/peak": {"get": op("Most chat users online at once in a range", {**ok("PeakConcurrentUsers"), **BAD}, params=[FROM, TO])},
}

doc = {"openapi": "3.0.3",
       "info": {"title": "OnRabble admin API", "version": "1.0.0",
                "description": "Every route needs 'Authorization: Bearer <access token>' with the admin role. See docs/admin-api.md."},
       "paths": paths,
       "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}, "schemas": schemas}}
out = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/openapi.json"
out.write_text(json.dumps(doc, indent=2) + "\n")
