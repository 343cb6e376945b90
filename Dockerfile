# syntax=docker/dockerfile:1
#
# PlotPress as a container: `docker build -t plotpress .` at the repository root.
#
#   docker run --rm -p 8080:8080 \
#     -v "$PWD/my-workspace:/workspace:ro" -v plotpress-data:/var/lib/plotpress \
#     -e PLOTPRESS_SMTP=smtp://mail.internal:25 -e PLOTPRESS_PUBLIC_URL=http://localhost:8080 \
#     plotpress
#
# The server listens on 0.0.0.0 here, so e-mail sign-in needs PLOTPRESS_SMTP (codes are
# printed to the console only on a loopback address); with OIDC only, set
# `auth.email_otp.enabled: false` in the workspace's plotpress.yaml. See docs/operations.md.

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: a wheel of the project, installed with its dependencies into a venv -------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /build
COPY pyproject.toml README.md ./
COPY src ./src

# Every dependency ships manylinux wheels (psycopg[binary], duckdb, cryptography), so the
# slim image needs no compiler. The venv lives at the same path in both stages.
RUN python -m pip wheel --no-deps --wheel-dir /build/dist . \
 && python -m venv /opt/plotpress \
 && /opt/plotpress/bin/python -m pip install /build/dist/plotpress-*.whl \
 && /opt/plotpress/bin/plotpress --version

# --- runtime: the venv only, run as an unprivileged user ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# A fixed uid/gid, so volume ownership and Kubernetes' runAsUser/fsGroup can name it.
RUN groupadd --system --gid 10001 plotpress \
 && useradd --system --uid 10001 --gid plotpress \
      --home-dir /var/lib/plotpress --no-create-home --shell /usr/sbin/nologin plotpress \
 && mkdir -p /workspace /var/lib/plotpress /tmp/plotpress-metrics \
 && chown plotpress:plotpress /var/lib/plotpress /tmp/plotpress-metrics

COPY --from=builder /opt/plotpress /opt/plotpress

ENV PATH=/opt/plotpress/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PLOTPRESS_STORAGE=sqlite:////var/lib/plotpress/plotpress.db \
    PLOTPRESS_LISTEN=0.0.0.0:8080 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/plotpress-metrics

# /workspace is meant to be mounted read-only (PlotPress never writes it); the metadata
# database lives in the volume.
VOLUME ["/var/lib/plotpress"]
WORKDIR /var/lib/plotpress
USER 10001:10001
EXPOSE 8080

# No curl in the slim image: the standard library asks /healthz on the port PLOTPRESS_LISTEN names.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('PLOTPRESS_LISTEN', '0.0.0.0:8080').rsplit(':', 1)[1]; sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"]

CMD ["plotpress", "serve", "/workspace"]
