{{/* Names and labels. */}}
{{- define "platte.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "platte.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "platte.selectorLabels" -}}
app.kubernetes.io/name: {{ include "platte.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "platte.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "platte.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "platte.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "platte.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "platte.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* The Secret the chart makes for values given in plain text (never a ConfigMap). */}}
{{- define "platte.secretName" -}}
{{- include "platte.fullname" . }}
{{- end }}

{{- define "platte.replicasAtMost" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
{{- end }}

{{- define "platte.cnpgName" -}}
{{- default (printf "%s-db" (include "platte.fullname" .)) .Values.database.cloudnativepg.name }}
{{- end }}

{{/* Database credentials as "secretName|usernameKey|passwordKey"; usernameKey empty means a plain user name. */}}
{{- define "platte.databaseSecret" -}}
{{- $db := .Values.database }}
{{- if eq $db.mode "cloudnativepg" }}
{{- printf "%s-app|username|password" (include "platte.cnpgName" .) }}
{{- else if eq $db.mode "external" }}
{{- if $db.external.existingSecret }}
{{- printf "%s|%s|%s" $db.external.existingSecret $db.external.usernameKey $db.external.passwordKey }}
{{- else }}
{{- printf "%s||database-password" (include "platte.secretName" .) }}
{{- end }}
{{- end }}
{{- end }}

{{- define "platte.databaseUrl" -}}
{{- $db := .Values.database }}
{{- if eq $db.mode "cloudnativepg" }}
{{- printf "jdbc:postgresql://%s-rw.%s.svc:5432/%s" (include "platte.cnpgName" .) .Release.Namespace $db.cloudnativepg.database }}
{{- else if eq $db.mode "external" }}
{{- $db.external.url }}
{{- end }}
{{- end }}

{{/* The admin's Secret as "secretName|usernameKey|passwordKey", empty when Platte generates the password. */}}
{{- define "platte.adminSecret" -}}
{{- if .Values.admin.existingSecret }}
{{- printf "%s|%s|%s" .Values.admin.existingSecret .Values.admin.usernameKey .Values.admin.passwordKey }}
{{- else if .Values.admin.password }}
{{- printf "%s|admin-username|admin-password" (include "platte.secretName" .) }}
{{- end }}
{{- end }}

{{- define "platte.oidcSecret" -}}
{{- if .Values.oidc.existingSecret }}
{{- printf "%s|%s" .Values.oidc.existingSecret .Values.oidc.clientSecretKey }}
{{- else if .Values.oidc.clientSecret }}
{{- printf "%s|oidc-client-secret" (include "platte.secretName" .) }}
{{- end }}
{{- end }}

{{- define "platte.pathSecret" -}}
{{- if .Values.omaha.pathSecret.existingSecret }}
{{- printf "%s|%s" .Values.omaha.pathSecret.existingSecret .Values.omaha.pathSecret.key }}
{{- else if .Values.omaha.pathSecret.value }}
{{- printf "%s|path-secret" (include "platte.secretName" .) }}
{{- end }}
{{- end }}

{{/* Credentials the ServiceMonitor scrapes with, as "secretName|usernameKey|passwordKey". */}}
{{- define "platte.scrapeSecret" -}}
{{- $auth := .Values.metrics.serviceMonitor.basicAuth }}
{{- if $auth.existingSecret }}
{{- printf "%s|%s|%s" $auth.existingSecret $auth.usernameKey $auth.passwordKey }}
{{- else }}
{{- include "platte.adminSecret" . }}
{{- end }}
{{- end }}

{{- define "platte.payloadsClaim" -}}
{{- default (printf "%s-payloads" (include "platte.fullname" .)) .Values.payloads.persistence.existingClaim }}
{{- end }}

{{- define "platte.dataClaim" -}}
{{- default (printf "%s-data" (include "platte.fullname" .)) .Values.database.embedded.persistence.existingClaim }}
{{- end }}

{{- define "platte.payloadsBaseUrl" -}}
{{- if .Values.payloads.publicBaseUrl }}
{{- .Values.payloads.publicBaseUrl }}
{{- else if and .Values.ingress.nodes.enabled .Values.ingress.nodes.hosts }}
{{- printf "https://%s/payloads/" (first .Values.ingress.nodes.hosts) }}
{{- else if and .Values.gateway.nodes.enabled .Values.gateway.nodes.hostnames }}
{{- printf "https://%s/payloads/" (first .Values.gateway.nodes.hostnames) }}
{{- end }}
{{- end }}

{{- define "platte.configDocumentConfigMap" -}}
{{- default (printf "%s-document" (include "platte.fullname" .)) .Values.configDocument.existingConfigMap }}
{{- end }}

{{/* Paths nodes use; everything else is for people. One list, used by the Ingress and the HTTPRoute. */}}
{{- define "platte.nodePaths" -}}
/v1/update
{{- if .Values.payloads.enabled }}
/payloads
{{- end }}
/fleetlock
{{- end }}

{{/* Refuse what the schema cannot express. */}}
{{- define "platte.validate" -}}
{{- $keys := regexFindAll "\"[^\"]*\"\\s*:" (toJson .Values.config) -1 }}
{{- range $keys }}
{{- if regexMatch "(?i)(password|secret|token|credential)" . }}
{{- fail (printf "config must not hold secrets (found %s): put them in secretEnv or extraEnv with a secretKeyRef" (trimSuffix ":" .)) }}
{{- end }}
{{- end }}
{{- range $name, $value := .Values.env }}
{{- if regexMatch "(?i)(PASSWORD|SECRET|TOKEN|CREDENTIAL)" $name }}
{{- fail (printf "env must not hold secrets (found %s): put them in secretEnv or extraEnv with a secretKeyRef" $name) }}
{{- end }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.public) (not (include "platte.scrapeSecret" .)) }}
{{- fail "metrics.serviceMonitor needs credentials while metrics.public is false: set metrics.serviceMonitor.basicAuth.existingSecret, admin.existingSecret or admin.password" }}
{{- end }}
{{- end }}
