# Warmline: the whole service in one container, offline (SQLite, embedded Chroma, the bundled model).
#
#   docker build -t warmline .
#   docker run -p 8000:8000 -e WARMLINE_ADMIN_TOKEN=$(openssl rand -hex 24) \
#              -v warmline-data:/var/lib/warmline warmline
#
# The server listens on 0.0.0.0 inside the container, and Warmline refuses a non-loopback address
# without WARMLINE_ADMIN_TOKEN (12+ random characters): the container does not start without it.
# Channel credentials and other settings are WARMLINE_* variables too (see README).
# The demo shop's knowledge is indexed at build time; a named volume on /var/lib/warmline starts with
# that index. With a bind mount (or your own bots/ and knowledge/), index first:
#   docker run --rm -v ... warmline warmline ingest --bot bots/your-shop.yaml

# --- build: install the package and its runtime dependencies into a venv ---------------------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Channel SDKs, the optional LLM support, and PostgreSQL + Redis for docker-compose.yml; no dev extras.
ARG EXTRAS=slack,telegram,llm,postgres,redis,email

RUN python -m venv /opt/warmline
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN /opt/warmline/bin/pip install ".[${EXTRAS}]"

# --- runtime ---------------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PATH=/opt/warmline/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WARMLINE_DATA_DIR=/var/lib/warmline \
    ANONYMIZED_TELEMETRY=False

RUN useradd --system --create-home --uid 10001 --user-group warmline \
    && mkdir -p /var/lib/warmline \
    && chown warmline:warmline /var/lib/warmline

# Same path as in the build stage: a venv's scripts point at their interpreter by absolute path.
COPY --from=build /opt/warmline /opt/warmline
WORKDIR /app
COPY bots/ ./bots/
COPY knowledge/ ./knowledge/

USER warmline
RUN warmline ingest --bot bots/demo-shop.yaml

VOLUME ["/var/lib/warmline"]
EXPOSE 8000
# /healthz needs no token. No curl in the slim image: Python's urllib does the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["warmline", "serve", "--bot", "bots/demo-shop.yaml", "--host", "0.0.0.0", "--port", "8000"]
