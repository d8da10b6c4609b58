package cmd

import (
	"errors"
	"fmt"

	"qingdan/checklist"
)

// withFlagHints adds to a library error the flag that resolves it, on each
// of its joined errors: the libraries never name a flag.
func withFlagHints(err error) error {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range joined.Unwrap() {
			errs = append(errs, withFlagHints(e))
		}
		return errors.Join(errs...)
	}
	switch {
	case errors.Is(err, checklist.ErrExists):
		return fmt.Errorf("%w（使用 --force 覆盖）", err)
	case errors.Is(err, checklist.ErrNotOurs):
		return fmt.Errorf("%w；请移走该文件，或把 --annotate 指向另一个文件夹", err)
	case errors.Is(err, checklist.ErrOverwritesInput):
		return fmt.Errorf("%w；请把 --annotate 指向另一个文件夹", err)
	}
	return err
}

// blankHint follows the findings of a 评分表 with empty 考核得分 cells.
const blankHint = "  空格可用 --blank zero 按 0 分、--blank full 按满分计算。"
