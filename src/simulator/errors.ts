/**
 * The two ways a template can fail in the simulator, mirroring the two places a real deployment
 * fails: CloudFormation itself (template format, parameters, intrinsic functions) or the service
 * behind a resource (ElastiCache rejecting a combination of properties).
 */

/** Where in the input an error was found. */
export interface ErrorLocation {
  /** Stack name (nested stacks as `parent/child`). */
  readonly stack?: string;
  /** Logical id of the resource, output or parameter. */
  readonly logicalId?: string;
  /** Property path inside the resource, e.g. `Properties.AuthToken`. */
  readonly path?: string;
}

function where(location: ErrorLocation): string {
  const parts = [location.stack, location.logicalId].filter((p) => p !== undefined && p !== '');
  const head = parts.join('/');
  if (!head) return '';
  return location.path ? `${head} (${location.path}): ` : `${head}: `;
}

/** CloudFormation rejected the template (the `ValidationError` a `CreateStack` call returns). */
export class TemplateError extends Error {
  /** Same text CloudFormation reports, without the location prefix. */
  public readonly detail: string;

  constructor(public readonly code: string, detail: string, public readonly location: ErrorLocation = {}) {
    super(`${where(location)}${detail}`);
    this.name = 'TemplateError';
    this.detail = detail;
  }

  /** A copy that knows where it happened (innermost location wins). */
  public at(location: ErrorLocation): TemplateError {
    return new TemplateError(this.code, this.detail, {
      stack: this.location.stack ?? location.stack,
      logicalId: this.location.logicalId ?? location.logicalId,
      path: this.location.path ?? location.path,
    });
  }
}

/** Shorthand for CloudFormation's `ValidationError`. */
export function validationError(detail: string, location: ErrorLocation = {}): TemplateError {
  return new TemplateError('ValidationError', detail, location);
}

/** ElastiCache rejected a resource: the error code and message of the service's API. */
export class ServiceError extends Error {
  constructor(
    /** Service error code, e.g. `InvalidParameterCombination`. */
    public readonly code: string,
    /** The service's message, verbatim where it is known. */
    public readonly serviceMessage: string,
    public readonly resourceType: string,
    public readonly location: ErrorLocation,
  ) {
    super(`${where(location)}${resourceType} failed: ${code}: ${serviceMessage}`);
    this.name = 'ServiceError';
  }
}
