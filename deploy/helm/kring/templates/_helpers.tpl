{{- define "kring.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kring.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kring.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "kring.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (api or worker): pass (list $ "api"). */}}
{{- define "kring.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kring.name" (index . 0) }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "kring.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "kring.storageClaim" -}}
{{ .Values.storage.existingClaim | default (printf "%s-shared" (include "kring.fullname" .)) }}
{{- end -}}

{{/* The environment of every Kring container: settings, then secrets. */}}
{{- define "kring.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "kring.fullname" . }}
  {{- if or .Values.secretEnv (not .Values.neo4j.existingSecret) }}
  - secretRef:
      name: {{ include "kring.fullname" . }}-env
  {{- end }}
  {{- with .Values.existingEnvSecret }}
  - secretRef:
      name: {{ . }}
  {{- end }}
{{- with .Values.neo4j.existingSecret }}
env:
  - name: NEO4J_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ . }}
        key: {{ $.Values.neo4j.passwordKey }}
{{- end }}
{{- end -}}

{{/* Volumes of every Kring pod: writable scratch (the root file system is read-only), the
shared keys Secret, and the shared volume for evidence and issuers' keys. */}}
{{- define "kring.volumes" -}}
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
- name: keys
  secret:
    secretName: {{ .Values.keys.existingSecret | required "keys.existingSecret: the Secret of shared keys (README, Deploying Kring)" }}
    defaultMode: 0440  # group-readable: the pod runs in the fsGroup
- name: shared
  persistentVolumeClaim:
    claimName: {{ include "kring.storageClaim" . }}
{{- end -}}

{{/* Where each is mounted: the key directory is $KRING_DATA_DIR/keys. */}}
{{- define "kring.volumeMounts" -}}
- name: data
  mountPath: /var/lib/kring
- name: tmp
  mountPath: /tmp
- name: keys
  mountPath: /var/lib/kring/keys/token-keys
  readOnly: true
- name: keys
  mountPath: /var/lib/kring/keys/session-secret
  subPath: session-secret
  readOnly: true
- name: keys
  mountPath: /var/lib/kring/keys/check-in-secret
  subPath: check-in-secret
  readOnly: true
- name: keys
  mountPath: /var/lib/kring/keys/vapid.pem
  subPath: vapid.pem
  readOnly: true
- name: keys
  mountPath: /var/lib/kring/keys/bookmark-secret
  subPath: bookmark-secret
  readOnly: true
- name: shared
  mountPath: /var/lib/kring/keys/issuers
  subPath: issuers
- name: shared
  mountPath: /var/lib/kring/shared
{{- end -}}
