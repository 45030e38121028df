# The job image for Kubernetes (deploy/kubernetes/flinkdeployment.yaml, application mode): the
# official Flink image and the shaded job jar in usrlib/, where Flink puts user code on the job's
# own class loader. The configuration comes from the FlinkDeployment.
#
#   mvn -B -DskipTests package      # target/payment-reconciliation.jar
#   docker build -t registry.example.com/payments/payment-reconciliation:1.0.0 .
FROM flink:2.2.1-java17
# Everything runs as the image's flink user (uid 9999), never root: the pods say so too
# (runAsNonRoot), and the build steps below need nothing more.
USER flink
# The S3 filesystem (checkpoints, savepoints, HA metadata) from the image's opt/, enabled here
# rather than at start by ENABLE_BUILT_IN_PLUGINS: the pods' root filesystem is read-only.
RUN mkdir -p /opt/flink/plugins/s3-fs-presto && ln -s /opt/flink/opt/flink-s3-fs-presto-2.2.1.jar /opt/flink/plugins/s3-fs-presto/
# Owned by root: the flink user reads the job's code and cannot change it.
COPY target/payment-reconciliation.jar /opt/flink/usrlib/payment-reconciliation.jar
