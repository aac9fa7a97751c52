import { ApiError } from '../api/client';
import { describeProblem } from './problem-bar';
import { mpLabel } from './format';

describe('describeProblem', () => {
  it.each([
    [new ApiError(0, 'network', 'x'), 'Members’ Hub could not be reached', 'retry'],
    [new ApiError(401, 'unauthenticated', 'x'), 'Your sign-in has expired', 'sign-in'],
    [new ApiError(403, 'not_registered', 'x'), 'You are not set up in Members’ Hub', 'none'],
    [new ApiError(403, 'forbidden', 'x'), 'You cannot do this', 'none'],
    [new ApiError(404, 'not_found', 'x'), 'Not found', 'none'],
    [new ApiError(409, 'conflict', 'x'), 'Someone else changed this case', 'retry'],
    [new ApiError(409, 'illegal_transition', 'x'), 'Not possible now', 'none'],
    [new ApiError(422, 'validation_failed', 'x'), 'Please check what you entered', 'none'],
    [new ApiError(500, 'internal', 'x'), 'Something went wrong on our side', 'retry'],
    [new Error('boom'), 'Something went wrong', 'retry'],
  ])('gives %p a title and a next step', (error, title, next) => {
    expect(describeProblem(error)).toMatchObject({ title, next });
  });

  it('never shows the raw message of an unexpected error', () => {
    expect(JSON.stringify(describeProblem(new Error('SELECT * FROM secrets')))).not.toContain('secrets');
  });
});

describe('mpLabel', () => {
  it('marks an MP once', () => {
    expect(mpLabel('Sir Peter Ambrose MP')).toBe('Sir Peter Ambrose MP');
    expect(mpLabel('Jo Member')).toBe('Jo Member (MP)');
    expect(mpLabel(undefined)).toBe('An MP');
  });
});
