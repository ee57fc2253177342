/** A shared, coarse "now" for ages and clocks, so components do not each run a timer. */
class Clock {
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | undefined;
  private users = 0;

  /** Starts ticking while at least one user holds it; call the returned function to release. */
  use(): () => void {
    if (this.users++ === 0) this.timer = setInterval(() => (this.now = Date.now()), 250);
    return () => {
      if (--this.users === 0) clearInterval(this.timer);
    };
  }
}

export const clock = new Clock();
