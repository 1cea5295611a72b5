# Cartographus image. With Docker Hub:   docker build -t cartographus .
# Without a registry (Debian packages only): scripts/build-image.sh  (see README "Running in Docker")
#
# Both bases are arguments: a Maven + JDK 17 image for the build, a Java 17 runtime for the result.
ARG BUILD_IMAGE=maven:3-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${RUNTIME_IMAGE} AS base
# A fixed uid/gid, so that host directories can be prepared for it: chown -R 10001:10001 /data
ARG APP_UID=10001
RUN set -eu; \
    groupadd --system --gid "${APP_UID}" cartographus; \
    useradd --system --uid "${APP_UID}" --gid cartographus --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin cartographus; \
    mkdir -p /opt/cartographus /data/db /data/backups; \
    chown -R cartographus:cartographus /data; \
    chmod 0750 /data /data/db /data/backups
COPY deploy/container/cartographus /usr/local/bin/cartographus
COPY deploy/container/healthcheck deploy/container/make-cds-archive /opt/cartographus/
# DUCKDB_PATH under /data/db: the guide mounts /data/db and /data/backups separately, or all of /data.
ENV DATA_DIR=/data \
    DUCKDB_PATH=/data/db/cartographus.duckdb \
    BACKUP_DIR=/data/backups \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3857
WORKDIR /opt/cartographus
VOLUME ["/data"]
EXPOSE 3857
USER 10001:10001
# SIGTERM: requests in flight finish, a running backup completes (up to 60 s, then it fails
# cleanly), the database is checkpointed and closed. Give it time: docker stop -t 90.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/opt/cartographus/healthcheck"]
ENTRYPOINT ["/usr/local/bin/cartographus"]
CMD ["serve"]

# The jar built on the host (mvn package): scripts/build-image.sh uses this target.
FROM base AS runtime-prebuilt
COPY target/cartographus.jar /opt/cartographus/cartographus.jar
USER root
RUN ["/opt/cartographus/make-cds-archive"]
USER 10001:10001

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
COPY src/main src/main
RUN mvn -B -q -DskipTests package

# The default target: built from source inside the build stage.
FROM base AS runtime
COPY --from=build /src/target/cartographus.jar /opt/cartographus/cartographus.jar
USER root
RUN ["/opt/cartographus/make-cds-archive"]
USER 10001:10001
