"""The log readers: each format read into conversations; every bad row named with its fix.
MLflow traces as logs: test_readers_mlflow.py (its own file, so that another test worker
runs it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golive.errors import InputError
from golive.logs import LOG_READER, read_logs

DATA = Path(__file__).parent / "data"
TAU = DATA / "tau-bench-gpt-4o-airline-3.json"

ORDER = [
    {"role": "user", "content": "Where is order A1001?"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "lookup_order", "arguments": '{"order_id": "A1001"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": '{"status": "shipped"}'},
    {"role": "assistant", "content": "It shipped yesterday."},
]


def _write(path: Path, lines: list[Any]) -> str:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return str(path)


def _error(sources: list[str], fmt: str | None = None) -> str:
    with pytest.raises(InputError) as caught:
        list(read_logs(sources, fmt))
    return str(caught.value)


def test_every_format_is_one_registered_reader() -> None:
    assert LOG_READER.names() == ["csv", "jsonl", "mlflow", "tau-bench"]


def test_jsonl_one_conversation_a_line_keeps_tool_results_and_meta(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl",
        [{"id": "c1", "messages": ORDER, "channel": "web"}, {"messages": ORDER[:1]}],
    )
    first, second = read_logs([path])
    assert (first.id, first.format, first.meta) == ("c1", "jsonl", {"channel": "web"})
    assert [m.role for m in first.messages] == ["user", "assistant", "tool", "assistant"]
    call = first.messages[1].tool_calls[0]
    assert (call.name, call.arguments, call.result) == (
        "lookup_order",
        {"order_id": "A1001"},
        {"status": "shipped"},
    )
    assert second.id == "c.jsonl:2" and second.source == f"{path}:2"


def test_jsonl_one_message_a_line_is_grouped_by_conversation(tmp_path: Path) -> None:
    rows = [
        {"conversation_id": "a", "timestamp": "2026-11-30T09:00:00Z", **ORDER[0]},
        {"conversation_id": "b", "role": "user", "content": "Hello"},
        *(
            {"conversation_id": "a", "timestamp": 1796029201 + i, **m}
            for i, m in enumerate(ORDER[1:])
        ),
    ]
    a, b = read_logs([_write(tmp_path / "m.jsonl", rows)])
    assert (a.id, b.id) == ("a", "b")
    assert [m.text for m in a.messages] == [
        "Where is order A1001?",
        "",
        '{"status": "shipped"}',
        "It shipped yesterday.",
    ]
    assert a.messages[0].timestamp == 1796029200.0 and a.messages[3].timestamp == 1796029203.0
    assert a.messages[1].tool_calls[0].result == {"status": "shipped"}


def test_csv_export_with_timestamps_and_tool_calls(tmp_path: Path) -> None:
    calls = json.dumps(ORDER[1]["tool_calls"]).replace('"', '""')
    (tmp_path / "x.csv").write_text(
        "Conversation_ID,Role,Text,Timestamp,Tool_Calls,Tool_Call_Id,agent_name\n"
        'c9,customer,"Where is order A1001, please?",2026-11-30T09:00:00Z,,,\n'
        f'c9,agent,,2026-11-30T09:00:02Z,"{calls}",,bot\n'
        'c9,tool,"{""status"": ""shipped""}",,,call_1,\n'
        "c9,bot,It shipped.,,,,bot\n"
    )
    (c,) = read_logs([str(tmp_path / "x.csv")])
    assert [m.role for m in c.messages] == ["user", "assistant", "tool", "assistant"]
    assert c.messages[0].text == "Where is order A1001, please?"
    assert c.messages[1].timestamp == 1796029202.0
    assert c.messages[1].tool_calls[0].result == {"status": "shipped"}
    assert c.source == f"{tmp_path / 'x.csv'}:2"


def test_a_real_published_tau_bench_file() -> None:
    conversations = list(read_logs([str(TAU)]))
    assert [c.id for c in conversations] == ["tau-38-2", "tau-41-2", "tau-44-3"]
    assert [c.meta["reward"] for c in conversations] == [1.0, 0.0, 0.0]
    assert all(c.format == "tau-bench" and c.messages[0].role == "system" for c in conversations)
    transfer = conversations[0].messages[-2].tool_calls[0]
    assert transfer.name == "transfer_to_human_agents" and transfer.result == "Transfer successful"
    cancel = [t for m in conversations[1].messages for t in m.tool_calls][0]
    assert cancel.arguments == {"reservation_id": "3RK2T9"}
    assert cancel.result["user_id"] == "anya_garcia_5901"  # the tool's JSON answer, parsed
    # Where each trajectory starts in the file, for messages that point at it.
    lines = TAU.read_text().splitlines()
    for c in conversations:
        number = int(c.source.rsplit(":", 1)[1])
        assert lines[number - 1].strip() == "{"
        assert f'"task_id": {c.meta["task_id"]}' in "\n".join(lines[number - 1 : number + 400])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ['{"id": "a", "messages": []}', "{not json"],
            [":2: not JSON", "hint: one JSON object a line"],
        ),
        (
            [json.dumps({"id": "a", "messages": [{"role": "bot", "content": "hi"}]})],
            [
                ":1: messages.0.role: role 'bot' is not an OpenAI role",
                "hint: use system, user, assistant or tool",
            ],
        ),
        (
            [json.dumps({"role": "user", "content": "hi"})],
            [
                ":1: conversation_id: a message line without conversation_id",
                "hint: give every message line",
            ],
        ),
        (
            [
                json.dumps(
                    {
                        "id": "a",
                        "messages": [
                            {
                                "role": "assistant",
                                "content": "",
                                "tool_calls": [
                                    {"id": "x", "function": {"name": "f", "arguments": "{oops"}}
                                ],
                            }
                        ],
                    }
                )
            ],
            [
                ":1: messages.0.tool_calls.0.function.arguments: arguments are not JSON",
                "hint: each tool call is",
            ],
        ),
        (
            [json.dumps({"id": "a", "messages": [{"role": "user", "content": 5}]})],
            [
                ":1: messages.0.content: content must be text",
                "hint: write the message text as a string",
            ],
        ),
    ],
)
def test_bad_jsonl_rows_name_file_line_field_and_fix(
    tmp_path: Path, lines: list[str], expected: list[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    message = _error([str(path)])
    assert message.startswith(str(path))
    for part in expected:
        assert part in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "conversation_id,speaker,text\nc,user,hi\n",
            [":1: role: no role column", "hint: the header row needs"],
        ),
        (
            "conversation_id,role,text\nc,user,hi\n,user,hi\n",
            [":3: conversation_id: empty conversation_id"],
        ),
        (
            "conversation_id,role,text\nc,robot,hi\n",
            [":2: role: role 'robot' is not known", "hint: use one of"],
        ),
        (
            "conversation_id,role,text,tool_calls\nc,agent,ok,[{\n",
            [":2: tool_calls: tool_calls is not JSON"],
        ),
        (
            "conversation_id,role,text,timestamp\nc,user,hi,yesterday\n",
            [
                ":2: timestamp: timestamp 'yesterday' is neither",
                "hint: write seconds since the epoch",
            ],
        ),
    ],
)
def test_bad_csv_rows_name_file_line_field_and_fix(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    message = _error([str(path)])
    for part in expected:
        assert part in message, message


def test_bad_tau_bench_entries_name_line_and_field(tmp_path: Path) -> None:
    entries = json.loads(TAU.read_text())
    del entries[1]["traj"]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(entries, indent=2))
    line = path.read_text().splitlines().index("  {", 1) + 1  # the second entry's first line
    later = [i + 1 for i, x in enumerate(path.read_text().splitlines()) if x == "  {"]
    message = _error([str(path)])
    assert f"{path}:{later[1]}: 1.traj: a trajectory without traj" in message
    assert "hint: τ-bench trajectories are a JSON list" in message and line > 1


def test_unknown_files_formats_and_repeated_ids_are_input_errors(tmp_path: Path) -> None:
    assert "no log file nope.jsonl" in _error(["nope.jsonl"])
    (tmp_path / "notes.txt").write_text("just some notes\n")
    message = _error([str(tmp_path / "notes.txt")])
    assert (
        "cannot tell the format" in message
        and "--format (csv, jsonl, mlflow, tau-bench)" in message
    )
    assert "unknown log format 'xml'" in _error([str(TAU)], "xml")
    assert "conversation id 'tau-38-2' appears twice" in _error([str(TAU), str(TAU)])
