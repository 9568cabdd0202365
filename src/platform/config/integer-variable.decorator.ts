import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** An optional whole-number variable within [min, max], with one clear message when it is not. */
export function IntegerVariable(min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return (target, key) => {
    IsOptional()(target, key);
    Transform(toInt)(target, key);
    ValidateBy({
      name: 'integerVariable',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: (args) => `${args?.property} must be a whole number ${range}`,
      },
    })(target, key);
  };
}
