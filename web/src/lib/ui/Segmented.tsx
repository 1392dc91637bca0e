interface Choice<T extends string> {
  value: T;
  label: string;
}

/** A group of radio buttons drawn as a segmented control. */
export function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  choices: readonly Choice<T>[];
  disabled: boolean;
  onChange(value: T): void;
}) {
  return (
    <fieldset className="choice" disabled={props.disabled}>
      <legend className="field__label">{props.legend}</legend>
      <div className="segmented">
        {props.choices.map((choice) => (
          <label key={choice.value} className="segmented__option">
            <input
              type="radio"
              name={props.name}
              value={choice.value}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
