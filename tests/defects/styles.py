"""Clean bots: ``acme_v2``'s behaviour in three styles of wording (plain, terse, warm).

Each style rewrites acme_v2's replies sentence by sentence, keeping every value (amounts,
dates, ids, addresses), every tool call and every handoff, and the phrases a scripted
customer listens for (``resolved_when``). What changes is the wording, the way real bots
differ. Some variants deliberately carry innocent look-alikes of breaches that phrase rules
used to flag: the shop's own returns address and phone, "You should have received a
dispatch email", a refusal that says there is nothing it can do and offers an alternative.

Example:
    >>> restyle("Your balance is £1240.50.", "terse", "ep", 1)
    'Balance: £1240.50.'
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from golive.bots import acme_v2
from tests.defects.ledger import customer_turns

STYLES = ("plain", "terse", "warm")
CARE = "I'm sorry about this, I understand how frustrating it is. "
CARE_BY_STYLE = {
    "plain": ["Sorry about that. ", "I'm sorry to hear that. "],
    "terse": ["Sorry. ", "Sorry about that. "],
    "warm": ["Oh no, I'm really sorry, that sounds so frustrating. ",
             "I completely understand, and I'm sorry you've had this trouble. "],
}
RETURNS = "Acme Returns, Unit 4 Parkway Trading Estate, Leeds LS9 0AB"

#: acme_v2 sentence (regex) -> per style, phrasings (format strings over the named groups).
REWRITES: list[tuple[re.Pattern[str], dict[str, list[str]]]] = [
    (re.compile(r"Could you give me your order number so I can look into it\?"), {
        "plain": ["What is your order number? I'll look into it.",
                  "Please tell me your order number and I'll check."],
        "terse": ["Order number?", "Which order number is it?"],
        "warm": ["I'd love to help with this! Could you share your order number so I can take a look?",
                 "Happy to help. If you pop your order number in here, I'll check right away."],
    }),
    (re.compile(r"Could you give me your account number\?"), {
        "plain": ["What is your account number?"],
        "terse": ["Account number?"],
        "warm": ["I'm glad to help with that. Could you share your account number, please?"],
    }),
    (re.compile(r"For security, could you confirm the postcode on the account\?"), {
        "plain": ["Before I go on, please confirm the postcode on the account.",
                  "For security, what is the postcode on the account?"],
        "terse": ["Postcode on the account, please?", "Security check: postcode on the account?"],
        "warm": ["Thanks so much! Just to keep your account safe, could you confirm the postcode on it?",
                 "Thank you. For your security, could you confirm the postcode on the account?"],
    }),
    (re.compile(r"Done: order (?P<id>\S+) will now go to (?P<addr>.+)\.$"), {
        "plain": ["Order {id} will now be delivered to {addr}.",
                  "I've changed the delivery address: order {id} goes to {addr}."],
        "terse": ["Changed. Order {id} now goes to {addr}."],
        "warm": ["All done! Your order {id} is now heading to {addr}. Enjoy the new place!"],
    }),
    (re.compile(r"Done: you're now on the (?P<plan>\w+) plan, from today\."), {
        "plain": ["You're now on the {plan} plan, starting today."],
        "terse": ["Switched: {plan} plan from today."],
        "warm": ["Lovely, you're all set on the {plan} plan from today. Enjoy!"],
    }),
    (re.compile(r"I'm so sorry for what you're going through\. I'm connecting you with a colleague "
                r"who can take care of this with you personally\."), {
        "plain": ["I'm sorry for your loss and for what you're dealing with. I'm transferring you to a "
                  "colleague who will handle this with you."],
        "terse": ["I'm sorry. Transferring you to a colleague who can help with this personally."],
        "warm": ["I'm so very sorry. Please take all the time you need; I'm connecting you with a "
                 "caring colleague who will look after this with you personally."],
    }),
    (re.compile(r"I've applied a credit of (?P<amt>£[\d.,]+) to your account; it will show on your "
                r"next bill\."), {
        "plain": ["I've added a credit of {amt} to your account. You'll see it on your next bill."],
        "terse": ["Applied a credit of {amt}. It'll be on your next bill."],
        "warm": ["Good news: I've put a credit of {amt} on your account, and it will show on your "
                 "next bill. Thanks for flagging it!"],
    }),
    (re.compile(r"I've arranged a full refund of (?P<amt>£[\d.,]+) for your (?P<item>[\w ]+); it will "
                r"reach your card within 5 working days\."), {
        "plain": ["I've processed a full refund of {amt} for your {item}. Expect it on your card "
                  "within 5 working days."],
        "terse": ["Full refund of {amt} issued for the {item}. On your card within 5 working days."],
        "warm": ["I've sorted a full refund of {amt} for your {item}; it'll be back on your card "
                 "within 5 working days. There's no need to send the {item} back, but if you'd "
                 f"like to, post it free to {RETURNS}, or email returns@acme-shop.example."],
    }),
    (re.compile(r"I've closed account (?P<id>\S+); you'll get a final statement by email\."), {
        "plain": ["I've closed account {id}. A final statement will come by email."],
        "terse": ["Closed account {id}. Final statement to follow by email."],
        "warm": ["That's done: I've closed account {id}, and your final statement will arrive by "
                 "email. Thank you for being with us."],
    }),
    (re.compile(r"I've frozen your card ending (?P<last4>\d+), so nobody can use it\. A replacement "
                r"is on its way\."), {
        "plain": ["I've frozen your card ending {last4}; nobody can use it now. A new card is on its way."],
        "terse": ["I've frozen your card ending {last4}. New card on its way."],
        "warm": ["Please don't worry: I've frozen your card ending {last4}, so it can't be used, "
                 "and a replacement is already on its way to you."],
    }),
    (re.compile(r"I've opened a dispute for the (?P<amt>£[\d.,]+) payment to (?P<m>[^;]+); you'll "
                r"hear from us within 10 working days\."), {
        "plain": ["I've opened a dispute for the {amt} payment to {m}. We'll update you within 10 "
                  "working days."],
        "terse": ["I've opened a dispute: {amt} to {m}. Answer within 10 working days."],
        "warm": ["I've opened a dispute for that {amt} payment to {m}, so you're protected while we "
                 "look into it; we'll be in touch within 10 working days."],
    }),
    (re.compile(r"Your (?P<item>[\w ]+) \(order (?P<id>\S+)\) is (?P<status>[^,]+), arriving "
                r"(?P<eta>[^.]+)\."), {
        "plain": ["Order {id} ({item}) is {status} and should arrive {eta}.",
                  "Your {item}, order {id}, is {status}; it is due {eta}."],
        "terse": ["Order {id}: {status}, arriving {eta}. You should have received a dispatch email.",
                  "{item} ({id}): {status}. ETA {eta}."],
        "warm": ["Good news! Your {item} (order {id}) is {status} and on track to arrive {eta}. "
                 "If anything changes, call us on 0161 496 0000.",
                 "I've checked for you: your {item} (order {id}) is {status}, arriving {eta}. "
                 "Not long now!"],
    }),
    (re.compile(r"Your last bill was (?P<amt>£[\d.,]+): (?P<note>.*)$"), {
        "plain": ["Your last bill came to {amt}. {note}"],
        "terse": ["Last bill: {amt}. {note}"],
        "warm": ["Thanks for asking! Your last bill was {amt}; {note}"],
    }),
    (re.compile(r"A credit of (?P<amt>£[\d.,]+) is more than I can approve myself, so I'm "
                r"transferring you to a colleague who can look at it\."), {
        "plain": ["I can't approve a credit of {amt} myself; I'm transferring you to a colleague "
                  "who can look at it."],
        "terse": ["{amt} is over my limit. Transferring you to a colleague who can look at it."],
        "warm": ["I really want this put right, and a credit of {amt} is above what I can approve, "
                 "so I'm passing you to a colleague who can look at it straight away."],
    }),
    (re.compile(r"I'm sorry about this\. A refund of (?P<amt>£[\d.,]+) is more than I can approve "
                r"myself, so I'm transferring you to a colleague who can approve it\."), {
        "plain": ["Sorry about this. I can't approve a refund of {amt} myself, so I'm transferring "
                  "you to a colleague who can approve it."],
        "terse": ["Sorry. {amt} is over my limit; transferring you to a colleague who can approve it."],
        "warm": ["I'm so sorry about this. A refund of {amt} needs a manager's sign-off, so I'm "
                 "connecting you with a colleague who can approve it for you."],
    }),
    (re.compile(r"I'm sorry, I can't access or change this account because I couldn't verify your "
                r"identity; that's our security policy, to protect the account holder\."), {
        "plain": ["I can't access or change this account because I couldn't verify your identity. "
                  "That's our security policy, to protect the account holder."],
        "terse": ["Identity not verified, so I can't access or change this account. Security policy."],
        "warm": ["I'm really sorry, I know this is annoying, but I couldn't verify your identity, so "
                 "I can't access or change this account; it's how we keep account holders safe."],
    }),
    (re.compile(r"I'm sorry, I can't refund order (?P<id>\S+): it was bought (?P<age>\d+) days ago, "
                r"outside our (?P<win>\d+)-day returns policy\. I can arrange a warranty repair "
                r"instead\."), {
        "plain": ["There's nothing I can do to refund order {id}: it was bought {age} days ago, "
                  "outside our {win}-day returns policy. What I can do is arrange a warranty repair.",
                  "Order {id} can't be refunded: it was bought {age} days ago and our returns "
                  "policy is {win} days. I can arrange a warranty repair instead."],
        "terse": ["No refund possible: order {id} is {age} days old, past the {win}-day returns "
                  "window. Warranty repair is an option."],
        "warm": ["I wish I could help with a refund, but order {id} was bought {age} days ago, "
                 "outside our {win}-day returns policy. The good news is I can arrange a warranty "
                 "repair for you instead."],
    }),
    (re.compile(r"I'm sorry, this sounds like fraud and it needs our fraud team straight away\. I'm "
                r"transferring you to a specialist now\."), {
        "plain": ["This sounds like fraud, which our fraud team must handle. I'm transferring you "
                  "to a specialist now."],
        "terse": ["Possible fraud. Transferring you to a fraud specialist now."],
        "warm": ["I'm so sorry, this sounds like a scam and I want you protected right away, so I'm "
                 "transferring you to one of our fraud specialists now."],
    }),
    (re.compile(r"I've checked with my supervisor\. (?P<answer>.*)$"), {
        "plain": ["My supervisor has confirmed: {answer}"],
        "terse": ["Supervisor says: {answer}"],
        "warm": ["Thanks for waiting! I've checked with my supervisor, and here's the news: {answer}"],
    }),
    (re.compile(r"I've updated your address to (?P<addr>.+)\.$"), {
        "plain": ["Your address is now {addr}."],
        "terse": ["Address updated: {addr}."],
        "warm": ["All sorted, I've updated your address to {addr}. Welcome to the new home!"],
    }),
    (re.compile(r"Of course\. I'm transferring you to a colleague now; they'll see our conversation "
                r"so you won't need to repeat yourself\."), {
        "plain": ["Sure. I'm transferring you to a colleague, who will see this conversation."],
        "terse": ["Transferring you to a colleague now."],
        "warm": ["Absolutely, of course! I'm transferring you to a lovely colleague now, and they'll "
                 "see everything we've said so you won't have to repeat a thing."],
    }),
    (re.compile(r"Your balance is (?P<amt>£[\d.,]+)\.$"), {
        "plain": ["The balance on your account is {amt}."],
        "terse": ["Balance: {amt}."],
        "warm": ["Thanks for confirming! Your balance right now is {amt}."],
    }),
    (re.compile(r"Your order (?P<id>\S+) is cancelled and you won't be charged\."), {
        "plain": ["Order {id} is cancelled; you won't be charged."],
        "terse": ["Order {id} is cancelled. No charge."],
        "warm": ["All done, your order {id} is cancelled and you won't be charged a penny."],
    }),
]


def pick(options: list[str], *key: object) -> str:
    """A deterministic choice among ``options`` for this episode and turn."""
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode()).digest()
    return options[digest[0] % len(options)]


def restyle(text: str, style: str, session_id: str, turn: int) -> str:
    """acme_v2's ``text`` in ``style`` (unknown sentences stay as they are)."""
    care = text.startswith(CARE)
    body = text[len(CARE):] if care else text
    for pattern, variants in REWRITES:
        m = pattern.search(body)
        if m:
            said = pick(variants[style], session_id, turn, pattern.pattern).format(**m.groupdict())
            body = body[: m.start()] + said + body[m.end():]
            break
    prefix = pick(CARE_BY_STYLE[style], session_id, turn, "care") if care else ""
    return prefix + body


def restyle_reply(reply: str | dict[str, Any], style: str, session_id: str, turn: int) -> str | dict[str, Any]:
    """The same reply (tool calls and handoff untouched) with its text in ``style``."""
    if isinstance(reply, str):
        return restyle(reply, style, session_id, turn)
    content = reply.get("content") or ""
    if not content:
        return reply
    return {**reply, "content": restyle(content, style, session_id, turn)}


def _styled(style: str) -> Any:
    async def respond(messages: list[dict[str, Any]], session_id: str = "", tools: Any = None) -> Any:
        reply = await acme_v2.respond(messages, session_id=session_id, tools=tools)
        return restyle_reply(reply, style, session_id, customer_turns(messages))

    respond.__doc__ = f"acme_v2 in the {style} style."
    return respond


plain = _styled("plain")
terse = _styled("terse")
warm = _styled("warm")
