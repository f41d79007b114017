"""Build, validate and convert typed requests, offline."""

from sagemaker_tuning import ValidationError, from_api, to_api
from sagemaker_tuning.shapes import (
    ListTrainingJobsForHyperParameterTuningJobRequest as ListRequest,
)
from sagemaker_tuning.shapes import ResourceLimits

request = ListRequest(
    hyper_parameter_tuning_job_name="my-tuning-job",
    max_results=100,
    sort_by="FinalObjectiveMetricValue",
)
print(to_api(request))

try:
    ResourceLimits(max_parallel_training_jobs=0, max_number_of_training_jobs=-1)
except ValidationError as error:
    print(error)

limits = from_api(ResourceLimits, {"MaxParallelTrainingJobs": 2}, strict=True)
assert limits.max_parallel_training_jobs == 2
print(limits)
