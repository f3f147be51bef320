# syntax=docker/dockerfile:1

# --- build: compile and package with the project's own Maven wrapper ---------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY db/ db/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && cp target/platte-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# --- run: JRE only, layers ordered from least to most often changed, not root -----------------
FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 platte \
    && useradd --system --uid 10001 --gid platte --home-dir /app --shell /usr/sbin/nologin platte \
    && mkdir -p /app/data /app/aot \
    && chown platte:platte /app/data /app/aot
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Numeric, so that Kubernetes can verify runAsNonRoot without a runAsUser (the chart sets 10001 as well).
USER 10001:10001
# Without SPRING_DATASOURCE_URL Platte runs its embedded PostgreSQL with its data here.
# Memory (issue 16: at most 512 MB resident under load): the serial collector (no concurrent GC threads and
# the least native overhead on a box of a few cores), compact object headers, and a heap of half the
# container's memory, at most 176 MB; two malloc arenas instead of eight per core. Setting JAVA_TOOL_OPTIONS
# replaces these flags (with no heap or collector flag of its own, Platte restarts its JVM with these; README,
# "Start time and memory").
ENV PLATTE_EMBEDDEDPOSTGRES_DATADIRECTORY=/app/data/postgres \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=50 -XX:ErgoHeapSizeLimit=176m" \
    MALLOC_ARENA_MAX=2
# Start time: JDK 25's ahead-of-time cache (classes loaded and linked, method profiles) from a training run
# with this very runtime, jar layout and flags (a first start on a throwaway embedded PostgreSQL, some checks).
RUN --mount=type=bind,source=src/main/docker/aot-cache.sh,target=/tmp/aot-cache.sh \
    bash /tmp/aot-cache.sh application.jar /app/aot/platte.aot \
    && chmod 444 /app/aot/platte.aot
VOLUME ["/app/data"]
EXPOSE 8080
# A cache that does not match (another JDK, or other flags that change the class path) is skipped with a warning.
ENTRYPOINT ["java", "-XX:AOTCache=/app/aot/platte.aot", "-jar", "application.jar"]
