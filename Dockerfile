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
    && mkdir -p /app/data \
    && chown platte:platte /app/data
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Numeric, so that Kubernetes can verify runAsNonRoot without a runAsUser (the chart sets 10001 as well).
USER 10001:10001
# Without SPRING_DATASOURCE_URL Platte runs its embedded PostgreSQL with its data here.
ENV PLATTE_EMBEDDEDPOSTGRES_DATADIRECTORY=/app/data/postgres \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "application.jar"]
