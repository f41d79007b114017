"""The README's example: a typed tuning job on the local service, from request to best job."""

from sagemaker_tuning import ValidationError, ranges, shapes
from sagemaker_tuning.testing import LocalSageMaker

client = LocalSageMaker(seed=7).client()  # TuningClient.create(region_name=...) for AWS
request = shapes.CreateHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="churn-xgb",
    hyper_parameter_tuning_job_config=shapes.HyperParameterTuningJobConfig(
        strategy="Bayesian",
        hyper_parameter_tuning_job_objective=shapes.HyperParameterTuningJobObjective(
            type="Maximize", metric_name="validation:auc"
        ),
        resource_limits=shapes.ResourceLimits(
            max_number_of_training_jobs=12, max_parallel_training_jobs=3
        ),
        parameter_ranges=ranges.parameter_ranges(
            ranges.continuous("eta", 1e-3, 0.3, scaling="Logarithmic"),  # MinValue "0.001"
            ranges.integer("max_depth", 3, 10),
        ),
    ),
    training_job_definition=shapes.HyperParameterTrainingJobDefinition(
        algorithm_specification=shapes.HyperParameterAlgorithmSpecification(
            training_image="123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
            training_input_mode="File",
        ),
        role_arn="arn:aws:iam::123456789012:role/SageMakerTuning",
        output_data_config=shapes.OutputDataConfig(s3_output_path="s3://my-bucket/tuning/"),
        resource_config=shapes.ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
        ),
        stopping_condition=shapes.StoppingCondition(max_runtime_in_seconds=3600),
    ),
)
client.create_hyper_parameter_tuning_job(request)
job = client.wait_for_hyper_parameter_tuning_job("churn-xgb")
print(job.hyper_parameter_tuning_job_status, job.best_training_job)
for summary in client.paginate_training_jobs_for_hyper_parameter_tuning_job("churn-xgb"):
    print(summary.training_job_name, summary.tuned_hyper_parameters)

try:
    shapes.ResourceLimits(max_parallel_training_jobs=0)
except ValidationError as error:
    print(error)  # 1 validation error in ResourceLimits: MaxParallelTrainingJobs: expected ...
