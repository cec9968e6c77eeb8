//go:build tools

package tools

import _ "github.com/zilliztech/milvus-backup"
