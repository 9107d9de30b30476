import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'

export function studioSupportRoutes(_router: Router, _lake: Lake): void {}
