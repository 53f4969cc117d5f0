"""The framework's own ceiling: a one-route FastAPI app, served by the same uvicorn as the real
server (same loop, same HTTP parser, same worker count). bench/reads.py measures every read as a
share of what this answers."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def root() -> dict:
    return {"status": "ok"}
