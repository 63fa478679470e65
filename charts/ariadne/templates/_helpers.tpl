{{/* The chart name (nameOverride replaces it). */}}
{{- define "ariadne.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Resource name prefix: "<release>-<chart>", or the release name when it already contains the chart name. At most 40
characters: pod names are "<fullname>-asterisk-<ordinal>" and pod DNS labels have at most 63.
*/}}
{{- define "ariadne.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ariadne.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "ariadne.labels" -}}
helm.sh/chart: {{ include "ariadne.chart" . }}
app.kubernetes.io/name: {{ include "ariadne.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of the node pods (Asterisk + orchestrator); never change them: selectors are immutable. */}}
{{- define "ariadne.node.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ariadne.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: node
{{- end }}

{{/* Selector labels of the Kamailio edge pods. */}}
{{- define "ariadne.kamailio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ariadne.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: sip-edge
{{- end }}

{{/* The node StatefulSet's name, also its headless Service's: pods are <this>-<ordinal>.<this>.<namespace>.svc. */}}
{{- define "ariadne.asterisk.name" -}}
{{- printf "%s-asterisk" (include "ariadne.fullname" .) }}
{{- end }}

{{- define "ariadne.secretName" -}}
{{- default (printf "%s-secrets" (include "ariadne.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/*
Required settings. helm lint renders with neither IsInstall nor IsUpgrade set, so the chart lints with its defaults,
while install, upgrade and template refuse to render without them, naming the value.
*/}}
{{- define "ariadne.validate" -}}
{{- if or .Release.IsInstall .Release.IsUpgrade }}
{{- $_ := required "postgresql.host is required (the external PostgreSQL server)" .Values.postgresql.host }}
{{- if not .Values.secrets.existingSecret }}
{{- range $key := list "dbPassword" "asteriskDbPassword" "ariPassword" "adminToken" "secretsKey" }}
{{- $_ := required (printf "secrets.%s is required (or secrets.existingSecret)" $key) (get $.Values.secrets $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.kamailio.enabled (not .Values.kamailio.addresses) }}
{{- fail "kamailio.addresses is required with kamailio.enabled: the addresses the nodes see the edge's requests come from (e.g. the pod CIDR)" }}
{{- end }}
{{- $grace := int .Values.orchestrator.terminationGracePeriodSeconds }}
{{- $drain := include "ariadne.durationSeconds" .Values.orchestrator.drainTimeout | int }}
{{- if lt (sub $grace $drain) 30 }}
{{- fail (printf "orchestrator.terminationGracePeriodSeconds (%d) must be at least 30 s above orchestrator.drainTimeout (%s = %d s)" $grace (toString .Values.orchestrator.drainTimeout) $drain) }}
{{- end }}
{{- if and (le (int .Values.orchestrator.media.portMin) (int .Values.asterisk.rtp.end)) (ge (int .Values.orchestrator.media.portMax) (int .Values.asterisk.rtp.start)) }}
{{- fail "orchestrator.media.portMin..portMax must not overlap asterisk.rtp.start..end (one network namespace per pod)" }}
{{- end }}
{{- end }}

{{/*
Seconds of a Spring duration in the simple form: a number with ms, s, m, h or d, or a bare number of milliseconds
(rounded up to whole seconds).
*/}}
{{- define "ariadne.durationSeconds" -}}
{{- $v := toString . | trim }}
{{- if not (regexMatch "^[0-9]+(ms|s|m|h|d)?$" $v) }}
{{- fail (printf "orchestrator.drainTimeout must be a number with ms, s, m, h or d (e.g. 50m), not %q" $v) }}
{{- end }}
{{- $n := regexFind "^[0-9]+" $v | int64 }}
{{- $unit := regexReplaceAll "^[0-9]+" $v "" }}
{{- if eq $unit "s" }}{{ $n }}
{{- else if eq $unit "m" }}{{ mul $n 60 }}
{{- else if eq $unit "h" }}{{ mul $n 3600 }}
{{- else if eq $unit "d" }}{{ mul $n 86400 }}
{{- else }}{{ div (add $n 999) 1000 }}
{{- end }}
{{- end }}

{{- define "ariadne.orchestrator.image" -}}
{{- printf "%s:%s" .Values.orchestrator.image.repository (default .Chart.AppVersion .Values.orchestrator.image.tag) }}
{{- end }}

{{- define "ariadne.asterisk.image" -}}
{{- printf "%s:%s" .Values.asterisk.image.repository (default .Chart.AppVersion .Values.asterisk.image.tag) }}
{{- end }}

{{/* An environment variable from the chart's or the existing Secret. */}}
{{- define "ariadne.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "ariadne.secretName" .root }}
      key: {{ .key }}
{{- end }}
