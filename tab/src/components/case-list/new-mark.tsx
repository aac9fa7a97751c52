import { useVisuallyHiddenStyles } from '../visually-hidden';

/**
 * The mark on a councillor's case that changed since they last opened it (a response above all): the word
 * "New", read out in full by screen readers. The service decides (`news` on a listed case); opening the
 * case clears it.
 */
export const NewMark = ({ className }: { className: string }) => {
  const visually = useVisuallyHiddenStyles();
  return (
    <span className={className}>
      New<span className={visually.hidden}>{' since you last looked: '}</span>
    </span>
  );
};
