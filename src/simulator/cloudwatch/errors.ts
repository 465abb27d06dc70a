/**
 * CloudWatch's errors: the error shape the JSON protocol names in `__type`, the code the Query
 * protocol used (the SDK reads it from `x-amzn-query-error` and exposes it as `Code`), the HTTP
 * status, and the message.
 */

export class CloudWatchError extends Error {
  constructor(
    /** The JSON error shape (`InvalidParameterValueException`). */
    public readonly shape: string,
    /** The Query error code (`InvalidParameterValue`). */
    public readonly code: string,
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = shape;
  }
}

export const CW_ERRORS = {
  invalidValue: (message: string) => new CloudWatchError('InvalidParameterValueException', 'InvalidParameterValue', 400, message),
  invalidCombination: (message: string) => new CloudWatchError('InvalidParameterCombinationException', 'InvalidParameterCombination', 400, message),
  missing: (name: string) => new CloudWatchError('MissingRequiredParameterException', 'MissingParameter', 400, `The parameter ${name} is required.`),
  notFound: (message: string) => new CloudWatchError('ResourceNotFound', 'ResourceNotFound', 404, message),
  dashboardNotFound: (name: string) => new CloudWatchError('DashboardNotFoundError', 'ResourceNotFound', 404, `Dashboard ${name} does not exist`),
  invalidFormat: (message: string) => new CloudWatchError('InvalidFormatFault', 'InvalidFormat', 400, message),
  invalidNextToken: () => new CloudWatchError('InvalidNextToken', 'InvalidNextToken', 400, 'The service couldn\'t process the NextToken.'),
  validation: (message: string) => new CloudWatchError('ValidationException', 'ValidationError', 400, message),
  internal: (message: string) => new CloudWatchError('InternalServiceFault', 'InternalServiceError', 500, message),
} as const;
