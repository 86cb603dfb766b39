# OnRabble server image: docker build -t onrabble-server .
# Stage 1 builds the shaded jar with Maven; stage 2 runs it on a JRE 21 as a non-root user.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependencies first, so a source change does not download them again.
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src/main ./src/main
RUN mvn -B -ntp -q -Dmaven.test.skip=true package

FROM eclipse-temurin:21-jre
# curl for the HEALTHCHECK only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 onrabble \
    && useradd --system --uid 10001 --gid onrabble --home-dir /data --shell /usr/sbin/nologin onrabble \
    && mkdir -p /data /opt/onrabble \
    && chown onrabble:onrabble /data
COPY --from=build /src/target/onrabble-server.jar /opt/onrabble/onrabble-server.jar

# In a container the server listens on every interface; the data directory is the one volume.
ENV ONRABBLE_HTTP_HOST=0.0.0.0 \
    ONRABBLE_HTTP_PORT=8080 \
    ONRABBLE_DATA_DIR=/data \
    ONRABBLE_LOG_FORMAT=json
VOLUME ["/data"]
WORKDIR /data
USER onrabble:onrabble
EXPOSE 8080

# Alive, not ready: /readyz (database, Valkey, identity provider) is the proxy's business.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1

# The heap follows the container's memory limit; Serial GC and a 32 MB young generation keep RSS
# close to the live data on a small VM (docs/operations.md, "Heap and GC"; replace the variable to
# change them). java is PID 1 (exec form), so SIGTERM reaches it and starts the graceful stop; give
# it ONRABBLE_SHUTDOWN_DRAIN + 2 x ONRABBLE_SHUTDOWN_TIMEOUT (compose: stop_grace_period).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xmn32m"
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/onrabble/onrabble-server.jar"]
CMD ["serve"]
