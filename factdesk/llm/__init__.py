"""LLM backends through any OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp, hosted APIs).

Endpoints are data (`$FACTDESK_HOME/llm.json`, see `config`), not classes. One stdlib client (`client`)
speaks the wire format; `structured` gets JSON out of any server; every call is cached (`cache`) and
recorded with the check that made it (`trace`). The stage backends live with their stages:
`factdesk/claims/llm.py`, `factdesk/verify/llm.py`, `factdesk/brief/analysis.py`. See docs/llm.md.
"""
