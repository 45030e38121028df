# The job image for Kubernetes (deploy/kubernetes/flinkdeployment.yaml, application mode): the
# official Flink image and the shaded job jar in usrlib/, where Flink puts user code on the job's
# own class loader. Nothing else: the S3 filesystem plugin ships in the image's opt/ and is
# enabled at start (ENABLE_BUILT_IN_PLUGINS), the configuration comes from the FlinkDeployment.
#
#   mvn -B -DskipTests package      # target/payment-reconciliation.jar
#   docker build -t registry.example.com/payments/payment-reconciliation:1.0.0 .
FROM flink:2.2.1-java17
COPY --chown=flink:flink target/payment-reconciliation.jar /opt/flink/usrlib/payment-reconciliation.jar
