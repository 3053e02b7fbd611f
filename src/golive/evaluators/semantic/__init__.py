"""Semantic rule families: one meaning, many phrasings, decided offline.

Each family module holds the detectors of one idea (identity, commitments, advice, tone,
reply quality). A detector reads one agent reply sentence by sentence and asks meaning
questions rather than matching one phrase: who is acting (the bot, the customer, a
colleague), whether the sentence commits, refuses or only informs, and what it is about
(money back, a call at a time, a dose, a lawsuit). The lexicons are the data; the frames
around them (subject, commitment, negation, signposting, alternatives) carry the meaning,
so a new phrasing needs a word, not a new rule.

No model is downloaded at run time: language identification uses the n-gram model that
ships inside the ``py3langid`` wheel, loaded once and only for replies whose language the
function-word profile cannot settle. Static embeddings were considered and left out: no
embedding model ships inside a wheel we can vet here (model2vec fetches its weights from
a hub), and the profanity model in ``alt-profanity-check`` cost 12 ms a reply and scored a
self-deprecating "I feel so stupid" 0.999 (measured here, see docs/evaluators.md).

Example:
    >>> from golive.evaluators.semantic.text import sentences
    >>> [s.text for s in sentences("I'll transfer you now... actually, I can do it. Thanks!")]
    ["I'll transfer you now...", 'actually, I can do it.', 'Thanks!']
"""
